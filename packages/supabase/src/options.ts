import { NuvatraError } from '@nuvatra/core';
import type { PostgresStorageOptions } from '@nuvatra/storage-postgres';
import { z } from 'zod';

// Names end up quoted in SQL; plain lowercase names keep that simple and safe (as in storage-postgres).
const sqlName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase SQL name (a-z, 0-9, _)');
const claimSegment = /^[A-Za-z0-9_-]{1,64}$/;

export const dashboardCommands = ['select', 'insert', 'update', 'delete'] as const;
export type DashboardCommand = (typeof dashboardCommands)[number];

/** What this package adds to storage-postgres's shared-mode options; those are passed through untouched. */
const supabaseSchema = z
  .object({
    /** Dotted path of the tenant id in the Clerk session token (`CLERK_TENANT_CLAIM`), read by the policies. */
    tenantClaim: z
      .string()
      .refine((path) => path.split('.').every((part) => claimSegment.test(part)), {
        message: 'must be a dotted path of claim names (letters, digits, _ and -), e.g. public_metadata.tenant_id',
      })
      .default('public_metadata.tenant_id'),
    /** The external-id provider that links a Clerk organisation to its tenant (what @nuvatra/clerk writes). */
    organizationProvider: z.string().min(1).max(100).default('clerk_org'),
    /** What a signed-in dashboard user may do on their tenant's rows; read-only unless you list more. */
    dashboardCommands: z
      .array(z.enum(dashboardCommands))
      .min(1)
      .default(['select'])
      .transform((commands) => dashboardCommands.filter((command) => commands.includes(command))),
    /**
     * The tenant-owned tables a dashboard may reach (policies and grants for `authenticated`). Default: every
     * tenant-owned table, core's and plugins', but `provider_accounts` (sealed provider secrets).
     */
    dashboardTables: z.array(sqlName).optional(),
    /** The schema of this package's two functions; one per Nuvatra schema in the database. */
    supabaseSchema: sqlName.default('nuvatra_supabase'),
    /** Supabase's roles: what PostgREST switches to for a verified token, and for a request without one. */
    authenticatedRole: sqlName.default('authenticated'),
    anonRole: sqlName.default('anon'),
  })
  .strict();

type SharedPostgresOptions = Omit<Extract<PostgresStorageOptions, { mode: 'shared' }>, 'mode'>;

export type SupabaseStorageOptions = SharedPostgresOptions & z.input<typeof supabaseSchema>;

export interface ParsedSupabaseOptions {
  postgres: SharedPostgresOptions;
  /** storage-postgres's names, with its defaults. */
  schema: string;
  appRole: string;
  routingRole: string;
  tenantClaim: string[];
  organizationProvider: string;
  dashboardCommands: DashboardCommand[];
  dashboardTables: string[] | undefined;
  supabaseSchema: string;
  authenticatedRole: string;
  anonRole: string;
}

function invalid(message: string, cause?: unknown): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message: `createSupabaseStorage: ${message}`, cause });
}

export function parseSupabaseOptions(options: unknown): ParsedSupabaseOptions {
  const all = (options ?? {}) as Record<string, unknown>;
  const ownKeys = new Set(Object.keys(supabaseSchema.shape));
  const own = Object.fromEntries(Object.entries(all).filter(([key]) => ownKeys.has(key)));
  const postgres = Object.fromEntries(Object.entries(all).filter(([key]) => !ownKeys.has(key)));
  const result = supabaseSchema.safeParse(own);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    invalid(`${issues}.`, result.error);
  }
  const {
    tenantClaim,
    organizationProvider,
    dashboardCommands: commands,
    dashboardTables,
    supabaseSchema: functionsSchema,
    authenticatedRole,
    anonRole,
  } = result.data;
  if ('mode' in postgres) {
    invalid('mode is always shared on Supabase (one database per project, which PostgREST reads); leave it out.');
  }
  const names = postgres as { schema?: string; appRole?: string; routingRole?: string };
  const schema = names.schema ?? 'public';
  if (functionsSchema === schema) invalid(`supabaseSchema must differ from schema ("${schema}").`);
  if (authenticatedRole === anonRole) invalid('authenticatedRole and anonRole must be two different roles.');
  return {
    postgres: postgres as SharedPostgresOptions,
    schema,
    appRole: names.appRole ?? 'nuvatra_app',
    routingRole: names.routingRole ?? 'nuvatra_routing',
    tenantClaim: tenantClaim.split('.'),
    organizationProvider,
    dashboardCommands: commands,
    dashboardTables,
    supabaseSchema: functionsSchema,
    authenticatedRole,
    anonRole,
  };
}
