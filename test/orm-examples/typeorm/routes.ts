import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { type Req, type Session, videoApi } from '../session';
import { dataSource } from './data-source';
import { Consultation, Recording } from './entities';
import { ownedBy } from './scopes';

const consultations = dataSource.getRepository(Consultation);
const recordings = dataSource.getRepository(Recording);

export async function recordingsOf(session: Session, req: Req) {
  // BUG: the motivating bug: recordings listed by consultation, without checking the patient
  return recordings.find({ where: { consultationId: req.params.consultationId } });
}

export async function myRecordings(session: Session) {
  return recordings.find({ where: { consultation: { patientId: session.user.id } } });
}

export async function search(session: Session, req: Req) {
  return consultations
    .createQueryBuilder('c')
    .where('c.patientId = :uid', { uid: session.user.id })
    // BUG: an orWhere without the owner widens the query to every user
    .orWhere('c.status = :status', { status: req.query.status })
    .getMany();
}

export async function removeRecording(session: Session, req: Req) {
  const recording = await recordings.findOneBy({ id: req.params.id, consultation: { patientId: session.user.id } });
  if (!recording) return;
  await videoApi.delete(`/videos/${recording.storageKey}`);
  await recordings.delete({ id: recording.id, consultation: { patientId: session.user.id } });
}

export async function close(session: Session, req: Req) {
  // BUG: a QueryBuilder update by id alone closes anyone's consultation
  await consultations.createQueryBuilder().update().set({ status: 'closed' }).where('id = :id', { id: req.params.id }).execute();
}

export async function archive(session: Session, req: Req) {
  await consultations
    .createQueryBuilder('c')
    .softDelete()
    .where('c.id = :id', { id: req.params.id })
    .andWhere('c.patientId = :uid', { uid: session.user.id })
    .execute();
}

export async function searchMine(session: Session, req: Req) {
  // A QueryBuilder built across statements: the owner condition is unconditional.
  const query = consultations.createQueryBuilder('c').where('c.patientId = :uid', { uid: session.user.id });
  if (req.query.status) query.andWhere('c.status = :status', { status: req.query.status });
  return query.getMany();
}

export async function searchAll(session: Session, req: Req) {
  let query = consultations.createQueryBuilder('c').where('c.clinicianId = :uid', { uid: session.user.id });
  // BUG: an OR added in a later statement widens the query to every open consultation
  query = query.orWhere('c.status = :open', { open: 'open' });
  return query.getMany();
}

export async function searchGrouped(session: Session, req: Req) {
  return consultations
    .createQueryBuilder('c')
    .where('c.status = :status', { status: req.query.status })
    .andWhere(new Brackets((qb) => qb.where('c.id = :id', { id: req.query.id }).orWhere('c.status = :open', { open: 'open' })))
    .getMany(); // BUG: the Brackets group has no owner condition, and neither has the rest
}

export async function searchMineGrouped(session: Session, req: Req) {
  // A Brackets group is one parenthesised clause: its OR stays inside, and every branch has the owner.
  return consultations
    .createQueryBuilder('c')
    .where(new Brackets((qb) => qb.where('c.patientId = :uid', { uid: session.user.id }).orWhere('c.clinicianId = :uid', { uid: session.user.id })))
    .andWhere(new Brackets((qb) => qb.where('c.status = :a', { a: 'open' }).orWhere('c.status = :b', { b: req.query.status })))
    .getMany();
}

class SearchDto {
  status?: string;
  patientId?: string;
}

@Controller('consultations')
export class ConsultationsController {
  @Get()
  search(@Query() query: SearchDto) {
    // BUG: the query string is the filter: the caller picks the patient, or none
    return consultations.find({ where: query });
  }
}

class BookDto {
  status!: string;
  patientId?: string;
}

/** Bookings go to the clinician on call; the patient is whoever books. */
const ON_CALL = 'clinician-on-call';

@Controller('bookings')
export class BookingsController {
  @Post()
  book(@Body() dto: BookDto) {
    // BUG: the body is saved whole, and its type has the owner: the caller books for any patient
    return consultations.save(dto);
  }

  @Post('mine')
  bookMine(@Body() dto: BookDto, session: Session) {
    // The owner, written after the body's fields, comes from the session.
    return consultations.save({ ...dto, patientId: session.user.id, clinicianId: ON_CALL });
  }
}

export async function waitingOrOpen(session: Session) {
  return consultations
    .createQueryBuilder('c')
    // BUG: the OR at the top level of this string splits the whole WHERE: the owner condition binds to its second branch only
    .where("c.status = 'waiting' OR c.status = 'open'")
    .andWhere('c.patientId = :uid', { uid: session.user.id })
    .getMany();
}

export async function waitingOrOpenMine(session: Session) {
  // In brackets, the OR stays inside its clause.
  return consultations
    .createQueryBuilder('c')
    .where("(c.status = 'waiting' OR c.status = 'open')")
    .andWhere('c.patientId = :uid', { uid: session.user.id })
    .getMany();
}

export async function filtered(session: Session, req: Req) {
  // Request values narrow the search; the owner, written after them, comes from the session.
  return consultations.find({ where: { ...req.query, patientId: session.user.id } });
}

export async function openConsultations(session: Session) {
  // A where built by a generic helper from another module: its instantiated return type requires the owner.
  return consultations.find({ where: ownedBy({ status: 'open' }, session) });
}

export async function openOrDraft(session: Session) {
  // BUG: the second branch of the OR has no owner: every user's drafts
  return consultations.find({ where: [ownedBy({ status: 'open' }, session), { status: 'draft' }] });
}
