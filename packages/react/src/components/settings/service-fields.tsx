import { TextField } from '../../ui/field.js';
import type { ServiceDraft } from './profile-draft.js';

/** What the business offers; callers are told about it and can book it. */
export function ServiceFields({
  services,
  onChange,
}: {
  services: ServiceDraft[];
  onChange: (services: ServiceDraft[]) => void;
}) {
  const set = (index: number, changes: Partial<ServiceDraft>) =>
    onChange(services.map((other, at) => (at === index ? { ...other, ...changes } : other)));
  return (
    <fieldset className="nv-fieldset nv-profile__services">
      <legend className="nv-fieldset__legend">Services</legend>
      {services.length === 0 ? <p className="nv-field__hint">No services listed yet.</p> : null}
      {services.map((service, index) => {
        const title = `Service ${index + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a service being typed has no name yet to key it by
          <fieldset key={index} className="nv-fieldset nv-profile__service">
            <legend className="nv-fieldset__legend">{title}</legend>
            <div className="nv-form-row">
              <TextField
                label="Name"
                required
                maxLength={200}
                value={service.name}
                onChange={(name) => set(index, { name })}
              />
              <TextField
                label="Duration in minutes"
                type="number"
                min={1}
                max={1440}
                value={service.durationMinutes}
                onChange={(durationMinutes) => set(index, { durationMinutes })}
              />
              <TextField
                label="Price"
                hint="As callers should hear it, such as “from $80”."
                maxLength={100}
                value={service.price}
                onChange={(price) => set(index, { price })}
              />
            </div>
            <TextField
              label="Description"
              maxLength={2000}
              value={service.description}
              onChange={(description) => set(index, { description })}
            />
            <button
              type="button"
              className="nv-button nv-button--danger"
              onClick={() => onChange(services.filter((_, at) => at !== index))}
            >
              Remove <span className="nv-visually-hidden">{title}</span>
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="nv-button"
        onClick={() => onChange([...services, { name: '', description: '', durationMinutes: '', price: '' }])}
      >
        Add a service
      </button>
    </fieldset>
  );
}
