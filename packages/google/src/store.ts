import type { Principal, SecretBox, TenantScope } from '@nuvatra/core';
import { z } from 'zod';
import type { ConnectionView } from './options.js';
import { leaseFree, modelNames } from './storage.js';

const rowSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  scopes: z.array(z.string()),
  status: z.enum(['connected', 'broken']),
  brokenReason: z.string().nullable(),
  sealedTokens: z.string(),
  expiresAt: z.string(),
  version: z.number().int(),
  refreshLeaseUntil: z.string(),
  connectedBy: z.string(),
  connectedAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionRow = z.infer<typeof rowSchema>;

const sealedSchema = z.object({ accessToken: z.string(), refreshToken: z.string() });
export type SealedTokens = z.infer<typeof sealedSchema>;

const iso = (ms: number) => new Date(ms).toISOString();

/** The connection rows of one kind, read and written through the tenant's scope only. */
export function connectionStore(kind: string) {
  const names = modelNames(kind);
  // Tokens are sealed for this tenant and kind: a row copied to another tenant, or another kind, does not open.
  const associatedData = (scope: TenantScope) => `google:${kind}:${scope.tenantId}`;
  const byKind = [{ field: 'id', value: kind }];

  return {
    names,
    async read(scope: TenantScope): Promise<ConnectionRow | null> {
      const row = await scope.model(names.connections).findOne(byKind);
      return row ? rowSchema.parse(row) : null;
    },

    async open(scope: TenantScope, secretBox: SecretBox, row: ConnectionRow): Promise<SealedTokens> {
      return sealedSchema.parse(JSON.parse(await secretBox.open(row.sealedTokens, associatedData(scope))));
    },

    seal(scope: TenantScope, secretBox: SecretBox, tokens: SealedTokens): Promise<string> {
      return secretBox.seal(JSON.stringify(tokens), associatedData(scope));
    },

    /** Stores the tenant's connection, replacing an earlier one (one per tenant and kind). */
    async save(
      scope: TenantScope,
      input: { email: string | null; scopes: string[]; sealedTokens: string; expiresAt: number; principal: Principal },
      now: number,
    ): Promise<ConnectionRow> {
      const model = scope.model(names.connections);
      const row: ConnectionRow = {
        id: kind,
        email: input.email,
        scopes: input.scopes,
        status: 'connected',
        brokenReason: null,
        sealedTokens: input.sealedTokens,
        expiresAt: iso(input.expiresAt),
        version: 1,
        refreshLeaseUntil: leaseFree,
        connectedBy: input.principal.userId,
        connectedAt: iso(now),
        updatedAt: iso(now),
      };
      await model.delete(byKind);
      await model.insert(row);
      return row;
    },

    /** Claims the refresh lease of `version`; 0 when another refresh holds it or already moved the version on. */
    claimLease(scope: TenantScope, version: number, now: number, leaseMs: number): Promise<number> {
      return scope
        .model(names.connections)
        .update(
          [...byKind, { field: 'version', value: version }, { field: 'refreshLeaseUntil', op: 'lt', value: iso(now) }],
          { refreshLeaseUntil: iso(now + leaseMs) },
        );
    },

    saveRefreshed(
      scope: TenantScope,
      version: number,
      input: { sealedTokens: string; expiresAt: number },
      now: number,
    ): Promise<number> {
      return scope.model(names.connections).update([...byKind, { field: 'version', value: version }], {
        sealedTokens: input.sealedTokens,
        expiresAt: iso(input.expiresAt),
        version: version + 1,
        refreshLeaseUntil: leaseFree,
        updatedAt: iso(now),
      });
    },

    markBroken(scope: TenantScope, reason: string, now: number): Promise<number> {
      return scope.model(names.connections).update(byKind, {
        status: 'broken',
        brokenReason: reason,
        refreshLeaseUntil: leaseFree,
        updatedAt: iso(now),
      });
    },

    releaseLease(scope: TenantScope, version: number): Promise<number> {
      return scope
        .model(names.connections)
        .update([...byKind, { field: 'version', value: version }], { refreshLeaseUntil: leaseFree });
    },

    remove(scope: TenantScope): Promise<number> {
      return scope.model(names.connections).delete(byKind);
    },
  };
}
export type ConnectionStore = ReturnType<typeof connectionStore>;

export function toView(kind: string, row: ConnectionRow): ConnectionView {
  return {
    kind,
    email: row.email,
    status: row.status,
    ...(row.status === 'broken' && row.brokenReason ? { brokenReason: row.brokenReason } : {}),
    scopes: row.scopes,
    connectedAt: row.connectedAt,
  };
}
