import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clientConfigSchema, parseClientConfig } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { clientJsonSchema } from '../src/json-schema.js';
import { templateFile } from './client-folder.js';

const clientsDirectory = new URL('../clients/', import.meta.url);

describe('the committed client files', () => {
  it('include a template that is a valid client config', () => {
    const config = parseClientConfig(readFileSync(templateFile, 'utf8'), templateFile);
    expect(config.tenant.name).toBe('Maple Street Dental');
    expect(config.phoneNumbers.length).toBeGreaterThan(0);
    expect(config.intents.length).toBeGreaterThan(0);
  });

  it('include the JSON Schema core’s clientConfigSchema generates (rerun `pnpm schema` when this fails)', () => {
    const committed = JSON.parse(readFileSync(new URL('client-config.schema.json', clientsDirectory), 'utf8'));
    expect(committed).toEqual(JSON.parse(clientJsonSchema()));
  });

  it('document every field of the config in clients/README.md', () => {
    const readme = readFileSync(fileURLToPath(new URL('README.md', clientsDirectory)), 'utf8');
    const fields = new Set<string>();
    // Every property name anywhere in the JSON Schema: the top level, config, and the nested objects.
    JSON.stringify(JSON.parse(clientJsonSchema()), (key, value) => {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value)) fields.add(name);
      }
      return value;
    });
    expect(fields.size).toBeGreaterThan(30);
    const undocumented = [...fields].filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
    expect(Object.keys(clientConfigSchema.shape).every((name) => readme.includes(`\`${name}\``))).toBe(true);
  });
});
