import { Model, Sequelize, type InferAttributes, type InferCreationAttributes } from 'sequelize';

export const sequelize = new Sequelize('sqlite::memory:');

/** @owner patientId */
export class Prescription extends Model<InferAttributes<Prescription>, InferCreationAttributes<Prescription>> {
  declare id: string;
  declare patientId: string;
  declare drug: string;
}

// A registry object, as most Sequelize apps reach their models.
export const models = { Prescription };
