/**
 * AdminJS's Sequelize resource with its writes sent to the core: reads (lists, filters, references)
 * stay AdminJS's, a generic edit becomes `app.useCases.editRecord` (validated, written and audited in
 * one transaction), and generic create/delete are refused (the back-office creates and removes
 * through its own actions, which call use cases). AdminJS calls these methods with the action's
 * context, which names the staff user; a DomainError becomes AdminJS's ValidationError, shown on the form.
 */
import { ValidationError, type ActionContext, type ParamsType } from 'adminjs';
import { Resource as SequelizeResource } from '@adminjs/sequelize';
import type { App } from '../../core/app.js';
import { isDomainError } from '../../core/errors.js';
import { staffActor } from '../actions/form-action.js';

export class UseCaseResource extends SequelizeResource {
  /** `model`: a model class of `app.db.models`. */
  constructor(
    model: object,
    private readonly app: App,
  ) {
    super(model as ConstructorParameters<typeof SequelizeResource>[0]);
  }

  override async update(id: string, params: Record<string, any>, context?: ActionContext): Promise<ParamsType> {
    // Sequelize's adapter drops empty values of non-text fields (a cleared number means "unchanged").
    const changes = this.parseParams(params);
    try {
      await this.app.useCases.editRecord({ table: this.id(), id, changes }, staffActor(context?.currentAdmin));
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const fields = (e.details as { fields?: Record<string, unknown> }).fields ?? {};
      const propertyErrors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { message: typeof v === 'string' ? v : String((v as any)?.it ?? v) }]));
      throw new ValidationError(propertyErrors, { message: e.message });
    }
    const row = await this.findById(id);
    return (row as { toJSON(): ParamsType }).toJSON();
  }

  override async create(): Promise<ParamsType> {
    throw new ValidationError({}, { message: 'Da qui non si crea: usa l’azione dedicata' });
  }

  override async delete(): Promise<void> {
    throw new ValidationError({}, { message: 'Da qui non si elimina' });
  }
}
