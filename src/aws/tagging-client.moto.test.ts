/**
 * The tagging client against the moto emulator through the real SDK client: GetResources for
 * `ecs:task-definition` with a tag filter, page after page (ADR 0051). Starts its own moto with the
 * test world's launcher and stops it afterwards.
 *
 * moto 5.2.1 ends a page at `TagsPerPage` tags (100 unless asked) as well as at `ResourcesPerPage`,
 * as the API reference says AWS does: 60 revisions of nine tags (540) take two pages at the 500 tags
 * the client asks for, and six at moto's default of 100, so the call count below proves both the
 * PaginationToken path and the tag budget we send.
 */
import { ECSClient, RegisterTaskDefinitionCommand, type Tag } from '@aws-sdk/client-ecs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from './clients.js';
import { startMoto, type MotoServer } from '../../test/world/moto.js';

const REGION = 'eu-west-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const INSTANCE = 'ecs-bridge.dev/instance';

describe('the tagging client against moto', () => {
  let moto: MotoServer | undefined;
  let clients: AwsClients;
  let ecs: ECSClient;
  const calls: string[] = [];
  const ours = new Map<string, Tag[]>();
  let staging = '';

  const register = async (family: string, tags: Tag[]): Promise<string> => {
    const out = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        containerDefinitions: [{ name: 'app', image: 'nginx', memory: 256 }],
        tags,
      }),
    );
    return out.taskDefinition?.taskDefinitionArn ?? '';
  };

  beforeAll(async () => {
    moto = await startMoto({ dir: mkdtempSync(join(tmpdir(), 'tagging-moto-')) });
    const sdk = { region: REGION, endpoint: moto.url, credentials: CREDENTIALS };
    ecs = new ECSClient(sdk);
    clients = createAwsClients({
      endpoint: moto.url,
      credentials: CREDENTIALS,
      observer: { observeCall: (service, operation) => void calls.push(`${service}:${operation}`) },
    });
    for (let i = 0; i < 60; i++) {
      const tags = [
        { key: INSTANCE, value: 'prod' },
        { key: 'ecs-bridge.dev/spec-hash', value: `h${i}` },
        ...['team', 'env', 'cost-center', 'owner', 'app', 'tier', 'repo'].map((key) => ({
          key,
          value: `${key}-${i}`,
        })),
      ];
      ours.set(await register(`fam-${i}`, tags), tags);
    }
    staging = await register('fam-0', [{ key: INSTANCE, value: 'staging' }]);
    await register('other', [{ key: 'team', value: 'web' }]);
    await register('untagged', []);
  }, 90_000);

  afterAll(async () => {
    clients?.destroy();
    ecs?.destroy();
    await moto?.stop();
  }, 15_000);

  it('lists exactly the revisions carrying the tag, with their tags, across pages', async () => {
    const listing = clients.forRegion(REGION).taskDefinitionTags?.(INSTANCE, 'prod');
    if (listing === undefined) throw new Error('shared listings are on by default: a listing is expected');
    calls.length = 0;
    const answers = await Promise.all([...ours.keys()].map((arn) => listing.tagsOf(arn)));
    expect(answers).toEqual(
      [...ours.values()].map((tags) => tags.map((t) => ({ key: t.key, value: t.value }))),
    );
    // One listing of two pages answered all 60 asks: 540 tags, cut at 500 (at 100, six pages).
    expect(calls).toEqual(['tagging:GetResources', 'tagging:GetResources']);
    expect(listing.stats()).toEqual({ listings: 1, found: 60, notFound: 0 });
    // Another installation's revision of one of our families is not in our listing.
    expect(staging).toMatch(/task-definition\/fam-0:2$/);
    expect(await listing.tagsOf(staging)).toBeUndefined();
  });
});
