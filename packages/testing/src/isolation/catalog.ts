import { probeOtherTenantsCallLink, probeOtherTenantsRead, probeOtherTenantsWrite } from './cross-operations.js';
import { listOwnRows } from './lists.js';
import type { Operation } from './model.js';
import { converse, readMessage, redeliverMessage } from './own-conversations.js';
import {
  createAppointment,
  createCall,
  createIntent,
  deleteAppointment,
  deleteCall,
  deleteIntent,
  readCall,
  updateAppointment,
  updateCall,
  updateIntent,
} from './own-records.js';
import {
  addMember,
  createPhoneNumber,
  deletePhoneNumber,
  putConfig,
  putPrompt,
  readPhoneNumber,
  readSettings,
  recordAuditEvent,
  recordWebhookReceipt,
  removeMember,
  setRole,
} from './own-settings.js';
import type { Random } from './random.js';

/** Weights keep tenants growing (creates outweigh deletes) so later probes find rows to aim at. */
const ownOperations: Array<[Operation, number]> = [
  [createCall, 4],
  [updateCall, 2],
  [deleteCall, 1],
  [readCall, 1],
  [createIntent, 2],
  [updateIntent, 1],
  [deleteIntent, 1],
  [createAppointment, 3],
  [updateAppointment, 2],
  [deleteAppointment, 1],
  [converse, 4],
  [redeliverMessage, 1],
  [readMessage, 1],
  [createPhoneNumber, 2],
  [deletePhoneNumber, 1],
  [readPhoneNumber, 1],
  [addMember, 2],
  [setRole, 1],
  [removeMember, 1],
  [putConfig, 1],
  [putPrompt, 1],
  [readSettings, 1],
  [recordAuditEvent, 2],
  [recordWebhookReceipt, 2],
  [listOwnRows, 3],
];

const crossOperations: Array<[Operation, number]> = [
  [probeOtherTenantsRead, 8],
  [probeOtherTenantsWrite, 8],
  [probeOtherTenantsCallLink, 2],
];

const expand = (weighted: Array<[Operation, number]>) =>
  weighted.flatMap(([operation, weight]) => Array<Operation>(weight).fill(operation));
const ownOnly = expand(ownOperations);
const withProbes = expand([...ownOperations, ...crossOperations]);

/** A random operation; probes of other tenants only where `others` is filled (sequential rounds). */
export function pickOperation(random: Random, probeOthers: boolean): Operation {
  return random.pick(probeOthers ? withProbes : ownOnly);
}
