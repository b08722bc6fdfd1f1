import { describe, expect, it } from 'vitest';
import { InputTransformError, transformInput, valueAtPath } from './input-transformer.js';
import type { JsonObject } from './event-pattern.js';

const event: JsonObject = {
  source: 'aws.s3',
  time: '2026-12-05T20:00:00Z',
  resources: ['arn:aws:s3:::uploads'],
  detail: {
    bucket: { name: 'uploads' },
    object: { key: 'in/a "quoted" name.txt', size: 5 },
    'request-id': 'R1',
  },
};

describe('valueAtPath', () => {
  it.each([
    ['$.detail.bucket.name', 'uploads'],
    ['$.detail.object.size', 5],
    ['$.resources[0]', 'arn:aws:s3:::uploads'],
    ['$.detail.request-id', 'R1'],
    ['$.detail.missing.deeper', undefined],
    ['$.resources[3]', undefined],
    ['$', event],
  ])('%s', (path, expected) => {
    expect(valueAtPath(event, path)).toEqual(expected);
  });

  it('refuses a path it cannot follow', () => {
    expect(() => valueAtPath(event, 'detail.bucket')).toThrow(InputTransformError);
    expect(() => valueAtPath(event, '$..name')).toThrow(/unsupported JSON path/);
  });
});

describe('transformInput', () => {
  it('places the bucket and key into ECS container overrides (the seed scenario)', () => {
    const text = transformInput(
      {
        InputPathsMap: { bucket: '$.detail.bucket.name', key: '$.detail.object.key' },
        InputTemplate:
          '{"containerOverrides":[{"name":"app","environment":[{"name":"BUCKET","value":"<bucket>"},{"name":"KEY","value":"<key>"}]}]}',
      },
      event,
    );
    expect(JSON.parse(text)).toEqual({
      containerOverrides: [
        {
          name: 'app',
          environment: [
            { name: 'BUCKET', value: 'uploads' },
            { name: 'KEY', value: 'in/a "quoted" name.txt' },
          ],
        },
      ],
    });
  });

  it('inserts JSON outside a string and text inside one', () => {
    const text = transformInput(
      {
        InputPathsMap: { size: '$.detail.object.size', bucket: '$.detail.bucket' },
        InputTemplate: '{"n":<size>,"s":"<size>","b":<bucket>}',
      },
      event,
    );
    expect(JSON.parse(text)).toEqual({ n: 5, s: '5', b: { name: 'uploads' } });
  });

  it('gives null outside and the empty text inside a string for a path not found', () => {
    const text = transformInput(
      { InputPathsMap: { v: '$.detail.nothing' }, InputTemplate: '{"a":<v>,"b":"<v>"}' },
      event,
    );
    expect(JSON.parse(text)).toEqual({ a: null, b: '' });
  });

  it('knows the predefined variables', () => {
    const text = transformInput(
      { InputTemplate: '{"rule":"<aws.events.rule-name>","source":<aws.events.event.json>}' },
      event,
      { ruleName: 'on-upload' },
    );
    expect(JSON.parse(text)).toEqual({ rule: 'on-upload', source: event });
  });

  it('leaves text that is no variable alone and refuses reserved names', () => {
    expect(transformInput({ InputTemplate: 'a <b> c' }, event)).toBe('a <b> c');
    expect(() =>
      transformInput({ InputPathsMap: { 'aws.x': '$.source' }, InputTemplate: '' }, event),
    ).toThrow(/reserved/);
  });
});
