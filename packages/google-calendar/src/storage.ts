import { definePluginModel, type PluginStorage, type StorageMigration } from '@nuvatra/core';

/**
 * Bookings made through the plugin, keyed by what makes a booking the same one (the call and the start): claimed
 * before the event is written to Google, so a voice agent repeating itself books once.
 */
export const bookingModel = definePluginModel({
  table: 'google_calendar_bookings',
  fields: {
    id: 'string',
    appointmentId: { column: 'appointment_id', type: 'string', nullable: true },
    eventId: { column: 'event_id', type: 'string', nullable: true },
    createdAt: 'timestamp',
  },
});

// Versions below 100 belong to the connection's tables (@nuvatra/google); this plugin's own start at 100.
function bookings(t: { text: string; timestamp: string; strict: string }): StorageMigration {
  return {
    version: 100,
    name: 'google calendar bookings',
    sql: `
CREATE TABLE google_calendar_bookings (
  tenant_id ${t.text} NOT NULL,
  id ${t.text} NOT NULL,
  appointment_id ${t.text},
  event_id ${t.text},
  created_at ${t.timestamp} NOT NULL,
  PRIMARY KEY (tenant_id, id)
)${t.strict};
`,
  };
}

/** The connection's tables and the bookings table, as one plugin's storage. */
export function calendarStorage(connection: PluginStorage): PluginStorage {
  return {
    models: { ...connection.models, google_calendar_bookings: bookingModel },
    migrations: {
      sqlite: [
        ...(connection.migrations.sqlite ?? []),
        bookings({ text: 'TEXT', timestamp: 'TEXT', strict: ' STRICT' }),
      ],
      postgres: [
        ...(connection.migrations.postgres ?? []),
        bookings({ text: 'text', timestamp: 'timestamptz', strict: '' }),
      ],
    },
  };
}
