import { describe, expect, it } from 'vitest';
import { isNuvatraError } from '../errors/errors.js';
import { definePlugin } from '../http/plugin.js';
import { unconfiguredJobs } from '../jobs/enqueue.js';
import type { Tenant } from '../schemas/tenant.js';
import { collectTools } from './registry.js';

const tenant = (slug: string): Tenant => ({
  id: `ten_${slug}`,
  slug,
  name: slug,
  status: 'active',
  plan: 'free',
  externalIds: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});
const tool = { description: 'A tool', handle: () => 'done' };

describe('collectTools', () => {
  it('gives a tenant only the tools of the plugins that apply to it', () => {
    const registry = collectTools(
      [
        definePlugin({ name: 'everyone', tools: { get_hours: tool } }),
        definePlugin({ name: 'swim', appliesTo: (t) => t.slug === 'swim', tools: { get_classes: tool } }),
      ],
      unconfiguredJobs,
    );
    expect([...registry.all.keys()]).toEqual(['get_hours', 'get_classes']);
    expect([...registry.forTenant(tenant('swim')).keys()]).toEqual(['get_hours', 'get_classes']);
    expect([...registry.forTenant(tenant('bistro')).keys()]).toEqual(['get_hours']);
  });

  it('hands the tool the jobs and a null call when the voice plugin names none', async () => {
    let seen: unknown;
    const registry = collectTools(
      [
        definePlugin({
          name: 'p',
          tools: {
            look: {
              description: 'x',
              handle: (context) => {
                seen = context;
              },
            },
          },
        }),
      ],
      unconfiguredJobs,
    );
    await registry.all.get('look')?.handle({ scope: {} as never, storage: {} as never }, {});
    expect(seen).toMatchObject({ call: null, jobs: unconfiguredJobs });
  });

  it.each(['Get_Classes', '1st', 'get classes', 'a'.repeat(60), 'tool:x'])(
    'refuses the tool name %j at start-up, since it is part of the URL and the token purpose',
    (name) => {
      let caught: unknown;
      try {
        collectTools([definePlugin({ name: 'p', tools: { [name]: tool } })], unconfiguredJobs);
      } catch (error) {
        caught = error;
      }
      expect(isNuvatraError(caught, 'CONFIG_INVALID')).toBe(true);
    },
  );
});
