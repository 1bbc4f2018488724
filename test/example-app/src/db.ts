import { PrismaClient } from './generated/prisma/client';

/** The app's one database client (Prisma Postgres, reached through its Accelerate URL). */
export const prisma = new PrismaClient({
  accelerateUrl: process.env.DATABASE_URL ?? 'prisma+postgres://localhost:51213/?api_key=dev',
});

export type Db = typeof prisma;
