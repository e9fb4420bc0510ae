import { LabIcon } from '@jupyterlab/ui-components';
import iconSvg from '../style/icon.svg';

export const sndsIcon = new LabIcon({
  name: '@snds-lab/dictionary-extension:snds',
  svgstr: iconSvg
});

export const joinGraphIcon = new LabIcon({
  name: '@snds-lab/dictionary-extension:join-graph',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161"><circle cx="5" cy="6" r="3"/><circle cx="19" cy="5" r="3"/><circle cx="12" cy="19" r="3"/><path d="M5 6l14-1M5 6l7 13M19 5l-7 14" stroke="#616161" stroke-width="1.5" fill="none"/></g></svg>'
});
