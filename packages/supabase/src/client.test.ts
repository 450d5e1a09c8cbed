import { describe, expect, it } from 'vitest';
import { createTenantSupabaseClient } from './client.js';

// supabase-js with a recording fetch: no network, the requests as Supabase would receive them. Node 20 has no
// global WebSocket, which supabase-js's realtime client asks for when created (browsers have one): these tests
// never subscribe, so a constructor that refuses is enough.
class NoWebSocket {
  constructor() {
    throw new Error('no realtime in these tests');
  }
}
const realtime = { transport: NoWebSocket as never };

function recordingFetch() {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetch };
}

describe('createTenantSupabaseClient', () => {
  it('sends the Clerk session token as the bearer and the anon key as the apikey, asking for a fresh token each time', async () => {
    const { requests, fetch } = recordingFetch();
    let issued = 0;
    const supabase = createTenantSupabaseClient({
      supabaseUrl: 'https://project.supabase.co',
      supabaseAnonKey: 'anon-key',
      getToken: async () => `clerk-token-${++issued}`,
      options: { global: { fetch }, realtime },
    });
    await supabase.from('calls').select('id, status');
    await supabase.from('calls').select('id');
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(['/rest/v1/calls', '/rest/v1/calls']);
    // supabase-js may also ask for a token for realtime; each request carries the newest one, never a cached one.
    const [first, second] = requests.map((request) => request.headers.get('authorization'));
    expect(first).toMatch(/^Bearer clerk-token-\d+$/);
    expect(second).toMatch(/^Bearer clerk-token-\d+$/);
    expect(second).not.toBe(first);
    expect(requests[0]?.headers.get('apikey')).toBe('anon-key');
  });

  it('leaves sign-in to Clerk: supabase.auth is refused on such a client', () => {
    const supabase = createTenantSupabaseClient({
      supabaseUrl: 'https://project.supabase.co',
      supabaseAnonKey: 'anon-key',
      getToken: async () => 'token',
      options: { realtime },
    });
    expect(() => supabase.auth.getSession()).toThrow(/accessToken/);
  });

  it('refuses to start without the project URL or anon key, naming them', () => {
    expect(() =>
      createTenantSupabaseClient({ supabaseUrl: '', supabaseAnonKey: 'k', getToken: async () => null }),
    ).toThrow(/supabaseUrl and supabaseAnonKey/);
  });
});
