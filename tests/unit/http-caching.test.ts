import { createHash } from 'node:crypto';
import { OperationTypeNode } from 'graphql';
import {
  etagMatches,
  httpCachingFromEnv,
  httpMaxAge,
  mergeVary,
  planHttpCaching,
  strongEtag,
  type AnswerFacts,
} from '../../gateway/response-cache/http-caching';

const query = { operation: OperationTypeNode.QUERY, errors: false };
/** An anonymous GET answered 200 by Apollo without errors, with Apollo's `no-store` (no hints). */
const publicRead: AnswerFacts = {
  method: 'GET',
  signedIn: false,
  status: 200,
  fromCache: false,
  operation: query,
  apolloCacheControl: 'no-store',
};

describe('HTTP_CACHE_MAX_AGE_SECONDS', () => {
  it('is 60 s by default, 0 switches it off, anything else is refused at start', () => {
    expect(httpCachingFromEnv({})).toEqual({ maxAgeSeconds: 60 });
    expect(httpCachingFromEnv({ HTTP_CACHE_MAX_AGE_SECONDS: '0' })).toEqual({ maxAgeSeconds: 0 });
    expect(httpCachingFromEnv({ HTTP_CACHE_MAX_AGE_SECONDS: '120' })).toEqual({ maxAgeSeconds: 120 });
    expect(() => httpCachingFromEnv({ HTTP_CACHE_MAX_AGE_SECONDS: '-1' })).toThrow(/HTTP_CACHE_MAX_AGE_SECONDS/);
    expect(() => httpCachingFromEnv({ HTTP_CACHE_MAX_AGE_SECONDS: '1.5' })).toThrow(/whole number/);
  });

  it('never exceeds the response cache’s max age, unless that is unbounded (0)', () => {
    expect(httpMaxAge({ maxAgeSeconds: 60 }, 300)).toBe(60);
    expect(httpMaxAge({ maxAgeSeconds: 600 }, 300)).toBe(300);
    expect(httpMaxAge({ maxAgeSeconds: 600 }, 0)).toBe(600);
    expect(httpMaxAge({ maxAgeSeconds: 0 }, 300)).toBe(0);
  });
});

describe('planHttpCaching', () => {
  it('makes an anonymous, error-free GET answer to a query public — from Apollo or the response cache', () => {
    expect(planHttpCaching(publicRead, 60)).toEqual({ kind: 'public', maxAge: 60 });
    const hit = { ...publicRead, fromCache: true, operation: undefined };
    expect(planHttpCaching(hit, 60)).toEqual({ kind: 'public', maxAge: 60 });
    expect(planHttpCaching({ ...publicRead, apolloCacheControl: undefined }, 60)).toEqual({
      kind: 'public',
      maxAge: 60,
    });
  });

  it('follows the answer’s own cache policy: a positive max age shortens, PRIVATE keeps it out', () => {
    const hinted = (header: string) => planHttpCaching({ ...publicRead, apolloCacheControl: header }, 60);
    expect(hinted('max-age=30, public')).toEqual({ kind: 'public', maxAge: 30 });
    expect(hinted('max-age=600, public')).toEqual({ kind: 'public', maxAge: 60 });
    expect(hinted('max-age=30, private')).toEqual({ kind: 'as-is' });
    expect(hinted('private, no-cache, must-revalidate')).toEqual({ kind: 'as-is' });
  });

  it('keeps a signed-in caller’s answer private on every method', () => {
    for (const method of ['GET', 'POST']) {
      const signedIn = { ...publicRead, method, signedIn: true, apolloCacheControl: 'max-age=30, public' };
      expect(planHttpCaching(signedIn, 60)).toEqual({ kind: 'private' });
    }
  });

  it.each<[string, Partial<AnswerFacts>]>([
    ['a POST', { method: 'POST' }],
    ['a HEAD', { method: 'HEAD' }],
    ['an answer with errors', { operation: { ...query, errors: true } }],
    ['an answer whose errors are not known', { operation: { operation: OperationTypeNode.QUERY } }],
    ['a mutation', { operation: { operation: OperationTypeNode.MUTATION, errors: false } }],
    ['a refusal before Apollo', { status: 400, operation: undefined }],
    ['a request that never reached Apollo', { operation: undefined }],
    ['a 304 from elsewhere', { status: 304 }],
  ])('leaves %s as Apollo answered it', (_what, change) => {
    expect(planHttpCaching({ ...publicRead, ...change }, 60)).toEqual({ kind: 'as-is' });
  });

  it('changes nothing when switched off', () => {
    expect(planHttpCaching(publicRead, 0)).toEqual({ kind: 'as-is' });
    expect(planHttpCaching({ ...publicRead, signedIn: true }, 0)).toEqual({ kind: 'as-is' });
  });
});

describe('ETags', () => {
  it('are strong: the SHA-256 of the exact body bytes, the same for a string and its Buffer', () => {
    const body = '{"data":{"place":{"name":"München, Landeshauptstadt"}}}';
    const etag = strongEtag(body);
    expect(etag).toBe(`"${createHash('sha256').update(Buffer.from(body)).digest('base64url')}"`);
    expect(strongEtag(Buffer.from(body))).toBe(etag);
    expect(strongEtag(`${body} `)).not.toBe(etag);
  });

  it('match If-None-Match by weak comparison, in a list or as *', () => {
    const etag = '"abc"';
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"x", "abc"', etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"abcd"', etag)).toBe(false);
    expect(etagMatches('abc', etag)).toBe(false);
    expect(etagMatches('', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});

describe('mergeVary', () => {
  it('adds the names once, keeping what CORS (or anyone) said before', () => {
    expect(mergeVary(undefined, ['Authorization', 'Accept'])).toBe('Authorization, Accept');
    expect(mergeVary('Origin', ['Authorization', 'Accept'])).toBe('Origin, Authorization, Accept');
    expect(mergeVary('origin, accept', ['Authorization', 'Accept'])).toBe('origin, accept, Authorization');
    expect(mergeVary('*', ['Authorization'])).toBe('*');
  });
});
