import { gmail, type gmail_v1 } from '@googleapis/gmail';

/**
 * The few Gmail API calls the plugin makes, through Google's own library (`@googleapis/gmail`), each with the
 * tenant's own access token. No client holds a token: one API object serves every tenant, and the token goes with
 * the call. Google's library retries are off: a failed sync is retried by the job queue, from the stored history id.
 */
export function createGmailClient(rootUrl: string) {
  const api = gmail({ version: 'v1', rootUrl });
  const as = (accessToken: string) => ({ headers: { authorization: `Bearer ${accessToken}` }, retry: false });

  return {
    async profile(accessToken: string): Promise<{ emailAddress: string; historyId: string }> {
      const { data } = await api.users.getProfile({ userId: 'me' }, as(accessToken));
      if (!data.emailAddress || !data.historyId) throw new Error('Gmail answered a profile without its address.');
      return { emailAddress: data.emailAddress, historyId: String(data.historyId) };
    },
    async watch(accessToken: string, topicName: string): Promise<{ historyId: string; expiration: string | null }> {
      const { data } = await api.users.watch(
        { userId: 'me', requestBody: { topicName, labelIds: ['INBOX'], labelFilterBehavior: 'include' } },
        as(accessToken),
      );
      if (!data.historyId) throw new Error('Gmail answered the watch request without a history id.');
      const expiration = data.expiration ? new Date(Number(data.expiration)).toISOString() : null;
      return { historyId: String(data.historyId), expiration };
    },
    async stop(accessToken: string): Promise<void> {
      await api.users.stop({ userId: 'me' }, as(accessToken));
    },
    /** One page of the inbox's history after `startHistoryId`: the messages added, and where the mailbox is now. */
    async history(accessToken: string, startHistoryId: string, pageToken?: string) {
      const { data } = await api.users.history.list(
        {
          userId: 'me',
          startHistoryId,
          historyTypes: ['messageAdded'],
          labelId: 'INBOX',
          maxResults: 100,
          ...(pageToken ? { pageToken } : {}),
        },
        as(accessToken),
      );
      const messageIds: string[] = [];
      for (const record of data.history ?? []) {
        for (const added of record.messagesAdded ?? []) if (added.message?.id) messageIds.push(added.message.id);
      }
      return {
        messageIds,
        historyId: data.historyId ? String(data.historyId) : null,
        nextPageToken: data.nextPageToken ?? null,
      };
    },
    async message(accessToken: string, id: string): Promise<gmail_v1.Schema$Message> {
      const { data } = await api.users.messages.get({ userId: 'me', id, format: 'full' }, as(accessToken));
      return data;
    },
  };
}
export type GmailClient = ReturnType<typeof createGmailClient>;

/** The HTTP status of a failed Gmail call (gaxios puts it on the error), or null. */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown; response?: { status?: unknown } } | null)?.status;
  if (typeof status === 'number') return status;
  const fromResponse = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof fromResponse === 'number' ? fromResponse : null;
}
