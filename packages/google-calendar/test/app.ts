import { createDeployment, redirectUri } from '../../google/test/deployment.js';
import { googleCalendarPlugin } from '../src/index.js';

// Test-only: the calendar plugin in a deployment on loopback, with Google (OAuth and Calendar) faked on loopback.

type Deployment = Awaited<ReturnType<typeof createDeployment>>;
type ToolResult = { status: number; body: Record<string, unknown> };

export interface CalendarApp extends Deployment {
  callTool(tenantId: string, name: string, args: unknown, callControlId?: string): Promise<ToolResult>;
  appointments(as?: string): Promise<Array<Record<string, unknown>>>;
  connectCalendar(as?: string): ReturnType<Deployment['connect']>;
}

export async function createCalendarApp(options: { postgresUrl?: string } = {}): Promise<CalendarApp> {
  const d = await createDeployment({
    ...options,
    plugins: ({ fake, now }) => [
      googleCalendarPlugin({
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        redirectUri,
        endpoints: fake.endpoints,
        rootUrl: fake.rootUrl,
        now,
      }),
    ],
  });

  /** Calls a tool at its signed URL over HTTP, as Telnyx's webhook tools do (optionally naming the call). */
  async function callTool(tenantId: string, name: string, args: unknown, callControlId?: string): Promise<ToolResult> {
    const tool = (await d.nuvatra.toolUrls(tenantId)).find((entry) => entry.name === name);
    if (!tool) throw new Error(`no tool ${name}`);
    const { pathname, search } = new URL(tool.url);
    const headers = new Headers({ 'content-type': 'application/json' });
    if (callControlId) headers.set('x-telnyx-call-control-id', callControlId);
    const response = await fetch(`${d.server.url}${pathname}${search}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(args),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function appointments(as = 'owner@clinic-a') {
    const response = await d.api('GET', '/api/appointments', { as });
    return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
  }

  return { ...d, callTool, appointments, connectCalendar: (as?: string) => d.connect('/api/calendar', as) };
}
