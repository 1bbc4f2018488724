import { Model, Sequelize, type CreationOptional, type InferAttributes, type InferCreationAttributes } from 'sequelize';

export const sequelize = new Sequelize('sqlite::memory:');

/** @owner patientId */
export class Prescription extends Model<InferAttributes<Prescription>, InferCreationAttributes<Prescription>> {
  declare id: string;
  declare patientId: string;
  declare drug: string;
  declare status: CreationOptional<'unpaid' | 'paid' | 'expired'>;
  declare expiresAt: Date;
  /** The unguessable code in the pickup link sent to the pharmacy. */
  declare pickupCode: string;
}

// A registry object, as most Sequelize apps reach their models.
export const models = { Prescription };
