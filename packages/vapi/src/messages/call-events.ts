import { json } from '@nuvatra/core';
import { isStatusProgress, toCallFacts, toCallStatus, toNewCall, toReportUpdate } from '../map.js';
import type { EndOfCallReport, StatusUpdate } from '../schemas.js';
import type { MessageContext } from './context.js';
import { findCall, findCallTenant, notThisCall, recordUnrouted, refuseMismatch } from './locate.js';

// `status-update` and `end-of-call-report` (docs.vapi.ai/server-url/events): each is stored once, under the
// tenant its call belongs to, keyed `${vapiCallId}:${type}` (a status update with its status). A repeat changes
// nothing and is answered 200, so Vapi stops sending it.

export async function storeStatusUpdate(context: MessageContext, message: StatusUpdate): Promise<Response> {
  const facts = toCallFacts(message);
  const status = toCallStatus(message.status, message.endedReason);
  const target = await findCallTenant(context, facts);
  if (target.outcome === 'mismatch')
    return refuseMismatch(context, facts, message.type, target.reason, target.tenantId);
  if (target.outcome === 'unrouted' || !status) return json({});

  const outcome = await context.storage.withTenant(target.tenantId, async (scope) => {
    const call = await findCall(scope, facts, target.via);
    if (call === 'mismatch') return call;
    const { duplicate } = await scope.webhookReceipts.record({
      provider: 'vapi',
      eventId: `${facts.vapiCallId}:status-update:${message.status}`,
    });
    if (duplicate) return 'duplicate';
    if (!call) {
      // A call Vapi answered with an assistant of its own: first heard of here, stored under the number's tenant.
      if (facts.to) await scope.calls.create(toNewCall({ ...facts, to: facts.to }, status));
      return 'stored';
    }
    // The telephony provider's plugin owns the status of its calls; Vapi's own calls only move forward.
    if (call.provider === 'vapi' && isStatusProgress(call.status, status)) {
      await scope.calls.update(call.id, {
        status,
        ...(message.status === 'ended' && message.endedReason
          ? { endedReason: message.endedReason.slice(0, 200) }
          : {}),
      });
    }
    return 'stored';
  });
  if (outcome === 'mismatch') return refuseMismatch(context, facts, message.type, notThisCall, target.tenantId);
  return json({});
}

export async function storeEndOfCallReport(context: MessageContext, message: EndOfCallReport): Promise<Response> {
  const facts = toCallFacts(message);
  const target = await findCallTenant(context, facts);
  if (target.outcome === 'mismatch')
    return refuseMismatch(context, facts, message.type, target.reason, target.tenantId);
  if (target.outcome === 'unrouted') {
    // A report for a call we never saw, on a number no tenant holds: kept for admins, never guessed into a tenant.
    await recordUnrouted(context, facts, target.code, `end-of-call-report: ${target.reason}`);
    return json({});
  }

  const outcome = await context.storage.withTenant(target.tenantId, async (scope) => {
    const found = await findCall(scope, facts, target.via);
    if (found === 'mismatch') return found;
    const { duplicate } = await scope.webhookReceipts.record({
      provider: 'vapi',
      eventId: `${facts.vapiCallId}:end-of-call-report`,
    });
    if (duplicate) return 'duplicate';
    if (found) await scope.calls.update(found.id, toReportUpdate(message, found));
    else if (facts.to) {
      // A call first heard of in its report is stored with the report in one write.
      const report = toReportUpdate(message, {
        provider: 'vapi',
        startedAt: null,
        endedAt: null,
        durationSeconds: null,
      });
      await scope.calls.create({ ...toNewCall({ ...facts, to: facts.to }, 'completed'), ...report });
    }
    return 'stored';
  });
  if (outcome === 'mismatch') return refuseMismatch(context, facts, message.type, notThisCall, target.tenantId);
  return json({});
}
