import { DataSource } from 'typeorm';
import { Consultation, Recording } from './entities';

export const dataSource = new DataSource({ type: 'postgres', entities: [Consultation, Recording] });
