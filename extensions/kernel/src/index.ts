import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification, type ISessionContext } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { isPythonKernel, runBootstrap } from './bootstrap';
import { ENGINE_PATH, PLUGIN_ID } from './tokens';

export { bootstrapCode } from './bootstrap';
export { ENGINE_PATH } from './tokens';

function engineUrl(): string {
  const base = new URL(PageConfig.getBaseUrl(), window.location.href);
  return new URL(ENGINE_PATH, base).href;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Bootstraps the snds helper in every Python kernel.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('snds_lab');
    let enabled = true;
    // Decisions wait for the settings, or a kernel could bootstrap against them.
    const settingsLoaded = settingRegistry
      ? settingRegistry
          .load(PLUGIN_ID)
          .then(settings => {
            const read = () => {
              enabled = settings.get('bootstrap').composite as boolean;
            };
            read();
            settings.changed.connect(read);
          })
          .catch(() => undefined)
      : Promise.resolve();

    const bootstrap = async (context: ISessionContext) => {
      const kernel = context.session?.kernel;
      if (!kernel) {
        return;
      }
      await settingsLoaded;
      if (!enabled || !(await isPythonKernel(kernel))) {
        return;
      }
      const error = await runBootstrap(kernel, engineUrl());
      if (error) {
        Notification.warning(
          trans.__('The snds helper could not start in this kernel. %1', error),
          { autoClose: false }
        );
      }
    };

    const watch = (context: ISessionContext) => {
      // Sent as soon as the kernel connection exists, so it queues ahead of
      // the user's first cell.
      context.kernelChanged.connect((_, change) => {
        if (change.newValue) {
          void bootstrap(context);
        }
      });
      context.statusChanged.connect((_, status) => {
        if (status === 'restarting' || status === 'autorestarting') {
          void bootstrap(context);
        }
      });
      if (context.session?.kernel) {
        void bootstrap(context);
      }
    };

    notebooks.widgetAdded.connect((_, panel) => watch(panel.sessionContext));
    notebooks.forEach(panel => watch(panel.sessionContext));
  }
};

export default [plugin];
