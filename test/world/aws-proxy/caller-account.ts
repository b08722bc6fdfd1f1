/**
 * Which AWS account a call acted in, so tests can count calls per account (several accounts through
 * STS AssumeRole, ADR 0030). A SigV4 request names its access key in the `Authorization` header
 * (`Credential=<key>/<date>/<region>/<service>/aws4_request`, see
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-auth-methods.html); the account of
 * a key issued by AssumeRole is the role's account
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html: the temporary
 * credentials act as the role). The proxy learns each issued key from the AssumeRole answers it
 * forwards; keys it never saw issued (the world's own) are in the account given at construction.
 */

/** The access key id a SigV4 `Authorization` header names, or undefined. */
export function accessKeyOf(authorization: string | string[] | undefined): string | undefined {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  return header === undefined ? undefined : /Credential=([^/,\s]+)\//.exec(header)?.[1];
}

/** The account of an IAM role ARN (`arn:aws:iam::<account>:role/...`), or undefined. */
export function accountOfRole(roleArn: unknown): string | undefined {
  return typeof roleArn === 'string' ? /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn)?.[1] : undefined;
}

/** The `AccessKeyId` of an AssumeRole answer (STS answers in XML), or undefined. */
export function issuedKeyOf(answerBody: string): string | undefined {
  return /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(answerBody)?.[1];
}

/** Remembers which account each key issued by AssumeRole acts in. */
export class CallerAccounts {
  readonly #keys = new Map<string, string>();
  readonly #defaultAccount: string;

  /** `defaultAccount`: the account of every key not issued through the proxy (the world's own). */
  constructor(defaultAccount: string) {
    this.#defaultAccount = defaultAccount;
  }

  /** Learns the key an AssumeRole call for `roleArn` was answered with. */
  learn(roleArn: unknown, answerBody: string): void {
    const account = accountOfRole(roleArn);
    const key = issuedKeyOf(answerBody);
    if (account !== undefined && key !== undefined) this.#keys.set(key, account);
  }

  /** The account a request signed with `authorization` acts in, or undefined when unsigned. */
  accountOf(authorization: string | string[] | undefined): string | undefined {
    const key = accessKeyOf(authorization);
    if (key === undefined) return undefined;
    return this.#keys.get(key) ?? this.#defaultAccount;
  }
}
