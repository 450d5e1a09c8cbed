import { definePluginModel, type PluginStorage, type StorageMigration } from '@nuvatra/core';

/**
 * The school's own tables, tenant-owned like core's (`tenant_id` leads every key, so one school never sees another's
 * rows and Postgres puts them under row-level security). Classes are the weekly timetable; slots are times a member
 * of staff can meet a family (an assessment, a first visit); a booking takes one slot.
 */
export const swimModels = {
  swimClasses: definePluginModel({
    table: 'swim_classes',
    fields: {
      id: 'string',
      title: 'string',
      level: 'string',
      minAge: 'integer',
      maxAge: 'integer',
      weekday: 'string',
      startTime: 'string',
      durationMinutes: 'integer',
    },
  }),
  swimSlots: definePluginModel({
    table: 'swim_slots',
    fields: {
      id: 'string',
      startsAt: 'timestamp',
      durationMinutes: 'integer',
      bookingId: { column: 'booking_id', type: 'string', nullable: true },
    },
  }),
  swimBookings: definePluginModel({
    table: 'swim_bookings',
    fields: {
      id: 'string',
      slotId: 'string',
      name: 'string',
      phone: 'string',
      callRef: { column: 'call_ref', type: 'string', nullable: true },
      appointmentId: 'string',
      createdAt: 'timestamp',
    },
  }),
};

/** The same tables per dialect; a slot is claimed by setting booking_id where it is still null. */
function tables(types: { text: string; integer: string; timestamp: string; strict: string }): StorageMigration[] {
  const { text, integer, timestamp, strict } = types;
  return [
    {
      version: 1,
      name: 'classes, slots and bookings',
      sql: `
CREATE TABLE swim_classes (
  tenant_id ${text} NOT NULL,
  id ${text} NOT NULL,
  title ${text} NOT NULL,
  level ${text} NOT NULL,
  min_age ${integer} NOT NULL,
  max_age ${integer} NOT NULL,
  weekday ${text} NOT NULL,
  start_time ${text} NOT NULL,
  duration_minutes ${integer} NOT NULL,
  PRIMARY KEY (tenant_id, id)
)${strict};
CREATE TABLE swim_slots (
  tenant_id ${text} NOT NULL,
  id ${text} NOT NULL,
  starts_at ${timestamp} NOT NULL,
  duration_minutes ${integer} NOT NULL,
  booking_id ${text},
  PRIMARY KEY (tenant_id, id)
)${strict};
CREATE INDEX swim_slots_starts ON swim_slots (tenant_id, starts_at);
CREATE TABLE swim_bookings (
  tenant_id ${text} NOT NULL,
  id ${text} NOT NULL,
  slot_id ${text} NOT NULL,
  name ${text} NOT NULL,
  phone ${text} NOT NULL,
  call_ref ${text},
  appointment_id ${text} NOT NULL,
  created_at ${timestamp} NOT NULL,
  PRIMARY KEY (tenant_id, id)
)${strict};
CREATE UNIQUE INDEX swim_bookings_slot ON swim_bookings (tenant_id, slot_id);
`,
    },
  ];
}

export const swimStorage: PluginStorage = {
  models: swimModels,
  migrations: {
    sqlite: tables({ text: 'TEXT', integer: 'INTEGER', timestamp: 'TEXT', strict: ' STRICT' }),
    postgres: tables({ text: 'text', integer: 'integer', timestamp: 'timestamptz', strict: '' }),
  },
};
