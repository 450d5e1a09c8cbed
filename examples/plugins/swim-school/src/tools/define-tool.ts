import { parseOrThrow, type ToolContext, type ToolDefinition } from '@nuvatra/core';
import { z } from 'zod';

/**
 * A tool whose arguments are a zod schema: the JSON Schema the voice AI gets and the parsing of what it sends come
 * from the same place. Bad arguments are a 400 the voice AI reads as the tool's answer.
 */
export function defineSchemaTool<S extends z.ZodObject>(tool: {
  description: string;
  args: S;
  handle(context: ToolContext, args: z.output<S>): Promise<unknown> | unknown;
}): ToolDefinition {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.args, { io: 'input' }) as Record<string, unknown>;
  return {
    description: tool.description,
    parameters,
    handle: (context, args) => tool.handle(context, parseOrThrow(tool.args, args ?? {}, 'tool arguments')),
  };
}
