import { clientConfigSchema } from '@nuvatra/core';
import { z } from 'zod';

/**
 * The JSON Schema editors use to complete and check clients/<id>/config.json, from core's own zod schema, as the
 * file's text. Input side: fields with defaults are optional, as they are in the file. Refinements (an IANA time
 * zone, open before close) have no JSON Schema form; the server still checks them on start.
 */
export function clientJsonSchema(): string {
  const schema = z.toJSONSchema(clientConfigSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Nuvatra client config (clients/<CLIENT_ID>/config.json)' }, null, 2)}\n`;
}
