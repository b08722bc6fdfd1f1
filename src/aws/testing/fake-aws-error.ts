/**
 * An error shaped like the AWS SDK's (name, message, `$fault`, `$metadata.httpStatusCode`), the one
 * builder every fake AWS API and unit test throws with, so `classifyAwsError` sees what it would see
 * from the SDK. Test-only.
 */

/** An SDK-shaped error named `name` (the AWS error code), with HTTP `status` (default 400). */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}
