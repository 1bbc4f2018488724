import { Op } from 'sequelize';
import type { Req, Session } from '../session';
import { models, Prescription } from './models';

export async function mine(session: Session) {
  return Prescription.findAll({ where: { patientId: session.user.id } });
}

export async function one(req: Req) {
  // BUG: findByPk selects by primary key only
  return Prescription.findByPk(req.params.id);
}

export async function checked(session: Session, req: Req) {
  const prescription = await Prescription.findByPk(req.params.id);
  if (!prescription || prescription.patientId !== session.user.id) throw new Error('not found');
  return prescription;
}

export async function renew(session: Session, req: Req) {
  return Prescription.update({ drug: req.body.drug }, { where: { [Op.and]: [{ id: req.params.id }, { patientId: session.user.id }] } });
}

export async function active(session: Session) {
  return models.Prescription.scope('active').findAll({ where: { patientId: session.user.id } });
}

export async function byDrug(req: Req) {
  // BUG: through the registry, no owner
  return models.Prescription.findAll({ where: { drug: req.query.drug } });
}
