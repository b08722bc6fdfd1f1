import { describe, expect, it } from 'vitest';
import {
  EventPatternError,
  matchesEventPattern,
  parseEventPattern,
  type JsonObject,
} from './event-pattern.js';

const event: JsonObject = {
  source: 'aws.s3',
  'detail-type': 'Object Created',
  resources: ['arn:aws:s3:::uploads'],
  detail: {
    bucket: { name: 'uploads' },
    object: { key: 'incoming/photo.jpg', size: 2048 },
    reason: 'PutObject',
    requester: null,
  },
};

const match = (pattern: string): boolean => matchesEventPattern(parseEventPattern(pattern), event);

describe('matchesEventPattern', () => {
  it.each([
    ['exact strings, AND across fields', '{"source":["aws.s3"],"detail-type":["Object Created"]}', true],
    ['exact: one field differs', '{"source":["aws.s3"],"detail-type":["Object Deleted"]}', false],
    ['OR within a field', '{"detail-type":["Object Deleted","Object Created"]}', true],
    ['nested objects', '{"detail":{"bucket":{"name":["uploads"]}}}', true],
    ['nested: other bucket', '{"detail":{"bucket":{"name":["other"]}}}', false],
    ['an array in the event matches any element', '{"resources":["arn:aws:s3:::uploads"]}', true],
    ['prefix', '{"detail":{"object":{"key":[{"prefix":"incoming/"}]}}}', true],
    ['prefix: no', '{"detail":{"object":{"key":[{"prefix":"outgoing/"}]}}}', false],
    ['suffix', '{"detail":{"object":{"key":[{"suffix":".jpg"}]}}}', true],
    ['suffix: no', '{"detail":{"object":{"key":[{"suffix":".png"}]}}}', false],
    [
      'prefix AND suffix on one key need two fields, so OR here',
      '{"detail":{"object":{"key":[{"prefix":"x/"},{"suffix":".jpg"}]}}}',
      true,
    ],
    ['anything-but a value', '{"detail":{"reason":[{"anything-but":"CopyObject"}]}}', true],
    ['anything-but: the value itself', '{"detail":{"reason":[{"anything-but":"PutObject"}]}}', false],
    ['anything-but a list', '{"detail":{"reason":[{"anything-but":["CopyObject","PutObject"]}]}}', false],
    ['anything-but a prefix', '{"detail":{"object":{"key":[{"anything-but":{"prefix":"tmp/"}}]}}}', true],
    [
      'anything-but a suffix: excluded',
      '{"detail":{"object":{"key":[{"anything-but":{"suffix":".jpg"}}]}}}',
      false,
    ],
    ['anything-but does not match a missing field', '{"detail":{"missing":[{"anything-but":"x"}]}}', false],
    ['exists true', '{"detail":{"object":{"size":[{"exists":true}]}}}', true],
    ['exists true on a missing field', '{"detail":{"object":{"etag":[{"exists":true}]}}}', false],
    ['exists false on a missing field', '{"detail":{"object":{"etag":[{"exists":false}]}}}', true],
    ['exists false on a present field', '{"detail":{"object":{"key":[{"exists":false}]}}}', false],
    ['numeric range', '{"detail":{"object":{"size":[{"numeric":[">",1024,"<=",4096]}]}}}', true],
    ['numeric: out of range', '{"detail":{"object":{"size":[{"numeric":["<",1024]}]}}}', false],
    ['numeric equal', '{"detail":{"object":{"size":[{"numeric":["=",2048]}]}}}', true],
    ['numeric on a string is no match', '{"detail":{"reason":[{"numeric":[">",0]}]}}', false],
    ['a number literal', '{"detail":{"object":{"size":[2048]}}}', true],
    ['a string literal does not equal a number', '{"detail":{"object":{"size":["2048"]}}}', false],
    ['null literal', '{"detail":{"requester":[null]}}', true],
    ['equals-ignore-case', '{"detail-type":[{"equals-ignore-case":"object created"}]}', true],
    ['wildcard', '{"detail":{"object":{"key":[{"wildcard":"incoming/*.jpg"}]}}}', true],
    ['wildcard: no', '{"detail":{"object":{"key":[{"wildcard":"*.png"}]}}}', false],
    ['a nested pattern under a scalar field', '{"source":{"x":["y"]}}', false],
    ['empty pattern matches everything', '{}', true],
  ])('%s', (_name, pattern, expected) => {
    expect(match(pattern)).toBe(expected);
  });

  it.each([
    ['not JSON', '{source: aws.s3}', /not JSON/],
    ['not an object', '["aws.s3"]', /JSON object/],
    ['a leaf that is not an array', '{"source":"aws.s3"}', /arrays of matchers/],
    ['an empty matcher list', '{"source":[]}', /at least one matcher/],
    ['an operator the world does not play', '{"source":[{"cidr":"10.0.0.0/8"}]}', /"cidr" is not played/],
    ['$or', '{"$or":[{"source":["a"]}]}', /\$or/],
    ['a malformed numeric', '{"detail":{"object":{"size":[{"numeric":[">"]}]}}}', /numeric/],
    ['exists with a string', '{"source":[{"exists":"yes"}]}', /exists/],
  ])('refuses %s', (_name, pattern, message) => {
    expect(() => match(pattern)).toThrow(EventPatternError);
    expect(() => match(pattern)).toThrow(message);
  });
});
