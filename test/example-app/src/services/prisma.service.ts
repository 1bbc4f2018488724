import { PrismaClient } from '../generated/prisma/client';

/** Nest-style injectable client: one per process, disconnected on shutdown. */
export class PrismaService extends PrismaClient {
  constructor() {
    super({ accelerateUrl: process.env.DATABASE_URL ?? 'prisma+postgres://localhost:51213/?api_key=dev' });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
