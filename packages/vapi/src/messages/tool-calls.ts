import { json, NuvatraHttpError } from '@nuvatra/core';
import { toCallFacts } from '../map.js';
import type { ToolCall, ToolCalls } from '../schemas.js';
import type { MessageContext } from './context.js';
import { findCall, findCallTenant, notThisCall, refuseMismatch } from './locate.js';

/** One entry of the `tool-calls` answer (the SDK's `ToolCallResult`): a result or an error, never both. */
interface ToolCallResult {
  toolCallId: string;
  name: string;
  result?: string;
  error?: string;
}

/**
 * `tool-calls`: the model asks for plugin tools (docs.vapi.ai/tools/custom-tools). Each runs in the call's tenant,
 * in a transaction of its own (a tool that throws keeps none of its writes), once per tool call id. The answer is
 * `{ results: [{ toolCallId, name, result | error }] }`; Vapi adds each to the conversation.
 */
export async function runToolCalls(context: MessageContext, message: ToolCalls): Promise<Response> {
  const facts = toCallFacts(message);
  const calls = [...(message.toolCallList ?? []), ...(message.toolWithToolCallList ?? []).map((item) => item.toolCall)];
  const unique = [...new Map(calls.map((call) => [call.id, call])).values()];

  const target = await findCallTenant(context, facts);
  if (target.outcome === 'mismatch')
    return refuseMismatch(context, facts, message.type, target.reason, target.tenantId);
  if (target.outcome === 'unrouted') {
    return json({ results: unique.map((call) => failed(call, 'This call is not linked to a business.')) });
  }
  if (target.via === 'metadata') {
    const call = await context.storage.withTenant(target.tenantId, (scope) => findCall(scope, facts, 'metadata'));
    if (call === 'mismatch') {
      return refuseMismatch(context, facts, message.type, notThisCall, target.tenantId);
    }
  }

  const results: ToolCallResult[] = [];
  for (const call of unique) results.push(await runOne(context, target.tenantId, facts.vapiCallId, call));
  return json({ results });
}

async function runOne(
  context: MessageContext,
  tenantId: string,
  vapiCallId: string,
  call: ToolCall,
): Promise<ToolCallResult> {
  const name = call.function.name;
  const args = toArguments(call.function.arguments);
  if (args === undefined) return failed(call, 'The tool arguments are not valid JSON.');
  try {
    const outcome = await context.storage.withTenant(tenantId, async (scope) => {
      // Only the tools of the plugins that apply to this tenant: the others are not offered, nor run if named.
      const tool = context.services.toolsFor(scope.tenant).get(name);
      if (!tool) return { outcome: 'unknown' as const };
      const { duplicate } = await scope.webhookReceipts.record({
        provider: 'vapi',
        eventId: `${vapiCallId}:tool-calls:${call.id}`,
      });
      if (duplicate) return { outcome: 'duplicate' as const };
      const origin = { provider: 'vapi', providerCallId: vapiCallId };
      return {
        outcome: 'ran' as const,
        value: await tool.handle({ scope, storage: context.storage, call: origin }, args),
      };
    });
    if (outcome.outcome === 'unknown') return failed(call, `There is no tool named "${name}".`);
    if (outcome.outcome === 'duplicate') return failed(call, 'This tool call was already handled.');
    const { value } = outcome;
    return { toolCallId: call.id, name, result: typeof value === 'string' ? value : (JSON.stringify(value) ?? '') };
  } catch (error) {
    // A request error (bad arguments, a refused booking) is the tool's answer; anything else stays in the log.
    if (error instanceof NuvatraHttpError && error.status < 500) return failed(call, error.message);
    context.log.error('vapi tool failed', { tool: name, tenantId, vapiCallId, error });
    return failed(call, 'The tool failed; please try again later.');
  }
}

function toArguments(raw: ToolCall['function']['arguments']): unknown {
  if (raw === null || raw === undefined || raw === '') return {};
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function failed(call: ToolCall, error: string): ToolCallResult {
  return { toolCallId: call.id, name: call.function.name, error };
}
