import { LabIcon } from '@jupyterlab/ui-components';
import iconSvg from '../style/icon.svg';

export const sndsIcon = new LabIcon({
  name: '@snds-lab/dictionary-extension:snds',
  svgstr: iconSvg
});
