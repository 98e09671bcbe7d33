import { strict as assert } from 'node:assert';
import { AwsCallError, isSsoSessionExpiry, toAwsCallError, withoutCommandOutput } from '../../src/aws/errors';

/** An error shaped like the SDK's service exceptions. */
function sdkError(name: string, status: number, message = ''): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

describe('aws: call errors', () => {
  const cases: [Error, string, string][] = [
    [sdkError('AccessDenied', 403, 'Access Denied'), 'AccessDenied', 'access-denied'],
    [sdkError('SlowDown', 503, 'Please reduce your request rate.'), 'SlowDown', 'throttled'],
    [sdkError('Throttling', 400, 'Rate exceeded'), 'Throttling', 'throttled'],
    [sdkError('NoSuchBucket', 404), 'NoSuchBucket', 'not-found'],
    [sdkError('ExpiredToken', 400), 'ExpiredToken', 'credentials'],
    [sdkError('InvalidAccessKeyId', 403), 'InvalidAccessKeyId', 'credentials'],
    [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'CredentialsProviderError', 'credentials'],
    [sdkError('InternalError', 500), 'InternalError', 'service'],
    // A HEAD or proxy answer without a body: the SDK only knows the status.
    [sdkError('Unknown', 403), 'AccessDenied', 'access-denied'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED', 'network'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'AbortError', 'cancelled'],
  ];
  for (const [err, code, kind] of cases) {
    it(`maps ${err.name}${(err as { code?: string }).code ? `/${(err as { code?: string }).code}` : ''} to ${kind}`, () => {
      const e = toAwsCallError(err, 'GetBucketReplication', 'b1');
      assert.ok(e instanceof AwsCallError);
      assert.equal(e.code, code);
      assert.equal(e.kind, kind);
      assert.equal(e.operation, 'GetBucketReplication');
      assert.equal(e.target, 'b1');
      assert.equal(e.cause, err);
      assert.match(e.message, /GetBucketReplication/);
    });
  }

  it('says an opt-in Region may not be enabled when its calls are refused as if the key were wrong', () => {
    const e = toAwsCallError(sdkError('InvalidToken', 400, 'The provided token is malformed or otherwise invalid.'), 'GetBucketVersioning', 'b', 'ap-east-1');
    assert.equal(e.kind, 'region-disabled');
    assert.match(e.message, /ap-east-1 is an opt-in Region; it may not be enabled for your account/);
    // The same code elsewhere is a credentials problem.
    assert.equal(toAwsCallError(sdkError('InvalidToken', 400), 'GetBucketVersioning', 'b', 'eu-west-1').kind, 'credentials');
  });

  it('tells what to do about throttling and denials', () => {
    assert.match(toAwsCallError(sdkError('SlowDown', 503), 'GetBucketReplication').message, /still failed after retries.*concurrency/);
    assert.match(toAwsCallError(sdkError('AccessDenied', 403, 'Access Denied'), 'GetRole').message, /GetRole was denied \(AccessDenied\).*need permission/);
  });

  it('keeps an AwsCallError as it is and gives its plain data', () => {
    const e = toAwsCallError(sdkError('AccessDenied', 403), 'GetRole', 'r');
    assert.equal(toAwsCallError(e, 'Other'), e);
    assert.deepEqual(Object.keys(e.toFailure()).sort(), ['code', 'kind', 'message', 'operation', 'target']);
  });

  it('tells an expired SSO session (aws sso login) from missing credentials', () => {
    assert.equal(isSsoSessionExpiry('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), true);
    assert.equal(isSsoSessionExpiry('Token is expired. To refresh this SSO session run \'aws sso login\' with the corresponding profile.'), true);
    assert.equal(isSsoSessionExpiry('Could not resolve credentials using profile: [nope] in configuration/credentials file(s).'), false);
  });

  it('replaces a failed command\'s line and output in credential errors, and nothing else', () => {
    const failed = Object.assign(new Error('Command failed: /usr/local/bin/get-creds --token abc123\nerror: token abc123 expired'), { name: 'CredentialsProviderError' });
    const e = toAwsCallError(failed, 'ListBuckets');
    assert.equal(e.kind, 'credentials');
    assert.doesNotMatch(`${e.message} ${(e.cause as Error).message}`, /abc123|get-creds/);
    assert.notEqual(e.cause, failed);
    const other = 'Profile dev credential_process returned invalid JSON.';
    assert.equal(withoutCommandOutput(other), other);
    // A service message that merely mentions a command is not a credentials error and is kept.
    assert.match(toAwsCallError(sdkError('InvalidRequest', 400, 'Command failed: x'), 'PutBucketReplication').message, /Command failed: x/);
  });
});
