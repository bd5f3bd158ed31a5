// Column helpers shared by every table of the schema.
import { timestamp } from 'drizzle-orm/pg-core';

/** Instants are stored with their time zone and read as Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
