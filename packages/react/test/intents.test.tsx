import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { IntentsEditor } from '../src/components/settings/index.js';
import { startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
  await api.storage.withTenant(api.tenants.sunrise, (scope) =>
    scope.intents.create({
      name: 'book_cleaning',
      examplePhrases: { en: ['I need a cleaning'] },
      responses: { en: 'Sure, which day suits you?' },
    }),
  );
});

const storedIntents = () => api.storage.withTenant(api.tenants.sunrise, (scope) => scope.intents.all());

async function intentForm(name: string) {
  return within(await screen.findByRole('form', { name }));
}

describe('IntentsEditor', () => {
  it('saves an edited example phrase, and the API keeps it', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <IntentsEditor />);
    const form = await intentForm('book_cleaning');
    const phrase = form.getByRole('textbox', { name: 'Example phrase 1 in English (en)' });
    await user.clear(phrase);
    await user.type(phrase, 'Can I book a cleaning?');
    await user.click(form.getByRole('button', { name: 'Save book_cleaning' }));

    expect((await form.findByRole('status')).textContent).toBe('Saved book_cleaning.');
    const [stored] = await storedIntents();
    expect(stored?.examplePhrases).toEqual({ en: ['Can I book a cleaning?'] });
    expect(stored?.responses).toEqual({ en: 'Sure, which day suits you?' });
  });

  it('adds a language with its own phrases and response', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <IntentsEditor />);
    const form = await intentForm('book_cleaning');
    await user.type(form.getByRole('textbox', { name: 'New language' }), 'es');
    await user.click(form.getByRole('button', { name: 'Add language' }));
    const spanish = within(form.getByRole('group', { name: 'Spanish (es)' }));
    await user.type(spanish.getByRole('textbox', { name: /Example phrase 1/ }), 'Quiero una limpieza');
    await user.click(spanish.getByRole('button', { name: 'Add a phrase in Spanish (es)' }));
    await user.type(spanish.getByRole('textbox', { name: /Example phrase 2/ }), 'Necesito una cita');
    await user.type(spanish.getByRole('textbox', { name: /Response/ }), '¿Qué día le viene bien?');
    await user.click(form.getByRole('button', { name: 'Save book_cleaning' }));

    await form.findByText('Saved book_cleaning.');
    const [stored] = await storedIntents();
    expect(stored?.examplePhrases).toEqual({
      en: ['I need a cleaning'],
      es: ['Quiero una limpieza', 'Necesito una cita'],
    });
    expect(stored?.responses.es).toBe('¿Qué día le viene bien?');
  });

  it('removes a phrase and leaves the others', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <IntentsEditor />);
    const form = await intentForm('book_cleaning');
    await user.click(form.getByRole('button', { name: 'Add a phrase in English (en)' }));
    await user.type(form.getByRole('textbox', { name: 'Example phrase 2 in English (en)' }), 'A cleaning, please');
    await user.click(form.getByRole('button', { name: 'Remove example phrase 1' }));
    await user.click(form.getByRole('button', { name: 'Save book_cleaning' }));

    await form.findByText('Saved book_cleaning.');
    expect((await storedIntents())[0]?.examplePhrases).toEqual({ en: ['A cleaning, please'] });
  });

  it('creates an intent, which then appears in the list', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <IntentsEditor />);
    await intentForm('book_cleaning');
    await user.type(screen.getByRole('textbox', { name: 'New intent name' }), 'opening_hours');
    await user.click(screen.getByRole('button', { name: 'Add intent' }));

    expect(await screen.findByRole('form', { name: 'opening_hours' })).toBeTruthy();
    expect(screen.getByText('Added opening_hours.')).toBeTruthy();
    expect((await storedIntents()).map((intent) => intent.name)).toEqual(['book_cleaning', 'opening_hours']);
  });

  it("shows the API's message when the new intent's name is taken", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <IntentsEditor />);
    await intentForm('book_cleaning');
    await user.type(screen.getByRole('textbox', { name: 'New intent name' }), 'book_cleaning');
    await user.click(screen.getByRole('button', { name: 'Add intent' }));

    const alert = await within(screen.getByRole('form', { name: 'New intent' })).findByRole('alert');
    expect(alert.textContent).toMatch(/book_cleaning/);
    expect(await storedIntents()).toHaveLength(1);
  });

  it('deletes an intent only once the deletion is confirmed', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'alice', <IntentsEditor />);
    const form = await intentForm('book_cleaning');
    await user.click(form.getByRole('button', { name: 'Delete book_cleaning' }));
    await user.click(form.getByRole('button', { name: 'Cancel' }));
    expect(await storedIntents()).toHaveLength(1);

    await user.click(form.getByRole('button', { name: 'Delete book_cleaning' }));
    expect(document.activeElement?.textContent).toBe('Yes, delete');
    await user.click(form.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByText('No intents yet: add the first one below.')).toBeTruthy();
    await waitFor(async () => expect(await storedIntents()).toHaveLength(0));
  });
});
