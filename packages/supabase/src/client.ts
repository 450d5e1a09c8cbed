import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';

export interface TenantSupabaseClientOptions {
  /** The project URL: Supabase dashboard → Project Settings → API (`https://<ref>.supabase.co`). */
  supabaseUrl: string;
  /** The project's anon (publishable) key: it names the project; the Clerk token names the user and tenant. */
  supabaseAnonKey: string;
  /** The Clerk session token, fresh each time: `() => session.getToken()` (Clerk refreshes it before expiry). */
  getToken: () => Promise<string | null | undefined>;
  /** Other supabase-js options (`db.schema`, `global.fetch`, …); `accessToken` is this helper's. */
  options?: Omit<SupabaseClientOptions<'public'>, 'accessToken'>;
}

/**
 * A supabase-js client that sends the Clerk session token with every request, for Clerk as Supabase's third-party
 * auth provider: Supabase verifies the token, PostgREST runs as `authenticated` with its claims in `auth.jwt()`,
 * and the policies of `createSupabaseStorage` show the token's tenant only. `supabase.auth` is unavailable on such
 * a client (supabase-js refuses it); sign in and out with Clerk.
 *
 * @example
 * const { session } = useSession();
 * const supabase = createTenantSupabaseClient({ supabaseUrl, supabaseAnonKey, getToken: () => session.getToken() });
 * const { data } = await supabase.from('calls').select('id, status, created_at').order('created_at', { ascending: false });
 */
export function createTenantSupabaseClient(options: TenantSupabaseClientOptions): SupabaseClient {
  const { supabaseUrl, supabaseAnonKey, getToken } = options;
  // A plain TypeError: this entry runs in browsers and imports nothing from @nuvatra/core (which uses node:async_hooks).
  if (!supabaseUrl || !supabaseAnonKey) {
    throw new TypeError(
      'createTenantSupabaseClient: pass supabaseUrl and supabaseAnonKey (Supabase dashboard → Project Settings → API).',
    );
  }
  return createClient(supabaseUrl, supabaseAnonKey, {
    ...options.options,
    accessToken: async () => (await getToken()) ?? null,
  });
}
