import { describe, expect, it } from 'vitest';
import { accessKeyOf, accountOfRole, CallerAccounts, issuedKeyOf } from './caller-account.js';

const AUTH = (key: string): string =>
  `AWS4-HMAC-SHA256 Credential=${key}/20261206/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;
const ANSWER = (key: string): string =>
  `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>s</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>`;

describe('caller accounts', () => {
  it('reads the access key of a SigV4 Authorization header', () => {
    expect(accessKeyOf(AUTH('ASIAXYZ'))).toBe('ASIAXYZ');
    expect(accessKeyOf([AUTH('AKIA1')])).toBe('AKIA1');
    expect(accessKeyOf(undefined)).toBeUndefined();
    expect(accessKeyOf('Bearer token')).toBeUndefined();
  });

  it('reads the account of a role ARN and the key of an AssumeRole answer', () => {
    expect(accountOfRole('arn:aws:iam::111111111111:role/team')).toBe('111111111111');
    expect(accountOfRole('arn:aws:iam::111111111111:user/team')).toBeUndefined();
    expect(accountOfRole(42)).toBeUndefined();
    expect(issuedKeyOf(ANSWER('ASIA1'))).toBe('ASIA1');
    expect(issuedKeyOf('<Error/>')).toBeUndefined();
  });

  it('puts issued keys in their role account and every other key in the default account', () => {
    const accounts = new CallerAccounts('123456789012');
    accounts.learn('arn:aws:iam::111111111111:role/a', ANSWER('ASIAA'));
    accounts.learn('arn:aws:iam::222222222222:role/b', ANSWER('ASIAB'));
    accounts.learn('not-an-arn', ANSWER('ASIAC'));
    expect(accounts.accountOf(AUTH('ASIAA'))).toBe('111111111111');
    expect(accounts.accountOf(AUTH('ASIAB'))).toBe('222222222222');
    expect(accounts.accountOf(AUTH('ASIAC'))).toBe('123456789012');
    expect(accounts.accountOf(AUTH('testing'))).toBe('123456789012');
    expect(accounts.accountOf(undefined)).toBeUndefined();
  });
});
