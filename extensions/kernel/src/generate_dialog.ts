import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

export interface IGenerateOptions {
  patients: number;
  seed: number;
  years: number[];
  products: string[];
}

export const PRODUCTS = [
  'dcir',
  'pmsi',
  'referentiels',
  'causes_deces',
  'cartographie'
];
export const MIN_PATIENTS = 100;
export const MAX_PATIENTS = 1_000_000;

function field(label: string, input: HTMLElement): HTMLLabelElement {
  const wrapper = document.createElement('label');
  wrapper.className = 'jp-SndsGenerate-field';
  const text = document.createElement('span');
  text.textContent = label;
  wrapper.append(text, input);
  return wrapper;
}

function numberInput(
  value: number,
  min: number,
  max: number
): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.className = 'jp-mod-styled';
  input.value = String(value);
  input.min = String(min);
  input.max = String(max);
  return input;
}

/** The body of the "Generate synthetic SNDS…" dialog; `getValue()` validates. */
export class GenerateForm extends Widget {
  private readonly _patients: HTMLInputElement;
  private readonly _seed: HTMLInputElement;
  private readonly _from: HTMLInputElement;
  private readonly _to: HTMLInputElement;
  private readonly _products = new Map<string, HTMLInputElement>();

  constructor(private readonly _trans: TranslationBundle) {
    super();
    const trans = _trans;
    this.addClass('jp-SndsGenerate');
    this._patients = numberInput(10_000, MIN_PATIENTS, MAX_PATIENTS);
    this._seed = numberInput(0, 0, 2 ** 31 - 1);
    this._from = numberInput(2019, 2006, 2030);
    this._to = numberInput(2019, 2006, 2030);
    const products = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = trans.__('Products');
    products.append(legend);
    for (const name of PRODUCTS) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      this._products.set(name, box);
      products.append(field(name, box));
    }
    this.node.append(
      field(trans.__('Patients'), this._patients),
      field(trans.__('Seed'), this._seed),
      field(trans.__('First year'), this._from),
      field(trans.__('Last year'), this._to),
      products
    );
  }

  getValue(): IGenerateOptions {
    const trans = this._trans;
    const patients = Math.round(Number(this._patients.value));
    if (!(patients >= MIN_PATIENTS && patients <= MAX_PATIENTS)) {
      throw new Error(
        trans.__(
          'Patients must be between %1 and %2.',
          MIN_PATIENTS,
          MAX_PATIENTS.toLocaleString()
        )
      );
    }
    const from = Math.round(Number(this._from.value));
    const to = Math.round(Number(this._to.value));
    if (!(from <= to)) {
      throw new Error(
        trans.__('The first year must not come after the last year.')
      );
    }
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const products = [...this._products]
      .filter(([, box]) => box.checked)
      .map(([name]) => name);
    if (products.length === 0) {
      throw new Error(trans.__('Choose at least one product.'));
    }
    return {
      patients,
      seed: Math.round(Number(this._seed.value)) || 0,
      years,
      products
    };
  }
}

/** The Python call that the dialog runs in the kernel. */
export function generateCode(options: IGenerateOptions): string {
  const products =
    options.products.length === PRODUCTS.length
      ? 'None'
      : JSON.stringify(options.products);
  return (
    'import snds\n' +
    `snds.generate(patients=${options.patients}, seed=${options.seed}, ` +
    `years=${JSON.stringify(options.years)}, products=${products})\n` +
    'snds._status()'
  );
}
