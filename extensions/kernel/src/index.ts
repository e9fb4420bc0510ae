import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog,
  type ISessionContext
} from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ILauncher } from '@jupyterlab/launcher';
import {
  INotebookTracker,
  NotebookActions,
  type NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { translateSettings } from '@snds-lab/dictionary-extension';
import { isPythonKernel, missingHelperPython, runBootstrap } from './bootstrap';
import { GenerateForm, generateCode } from './generate_dialog';
import { evaluateJson } from './kernel_query';
import { SndsStatusItem, type IKernelStatus } from './status_item';
import { clearWarmCache } from './warm_cache';
import { showMissingHelper } from './missing_helper';
import {
  CommandIDs,
  ENGINE_PATH,
  PLUGIN_ID,
  STATUS_EXPRESSION
} from './tokens';

export { bootstrapCode } from './bootstrap';
export { CommandIDs, ENGINE_PATH } from './tokens';

function engineUrl(): string {
  const base = new URL(PageConfig.getBaseUrl(), window.location.href);
  return new URL(ENGINE_PATH, base).href;
}

const NEW_NOTEBOOK_SOURCE = ['import snds\n', '\n', 'snds.engine'];

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Bootstraps the snds helper in every Python kernel, with its commands and status.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [
    ISettingRegistry,
    ITranslator,
    ICommandPalette,
    ILauncher,
    IStatusBar
  ],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    launcher: ILauncher | null,
    statusBar: IStatusBar | null
  ) => {
    const trans = (translator ?? nullTranslator).load('snds_lab');
    if (settingRegistry) {
      translateSettings(settingRegistry, PLUGIN_ID, trans);
    }
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

    const statusItem = new SndsStatusItem(trans);
    const refreshStatus = async (panel: NotebookPanel | null) => {
      const kernel = panel?.sessionContext.session?.kernel;
      if (!kernel || panel !== notebooks.currentWidget) {
        return;
      }
      try {
        statusItem.setStatus(
          await evaluateJson<IKernelStatus>(kernel, STATUS_EXPRESSION)
        );
      } catch {
        statusItem.setStatus(null);
      }
    };
    statusBar?.registerStatusItem('@snds-lab/kernel-extension:status', {
      item: statusItem,
      align: 'left',
      rank: 4,
      isActive: () => notebooks.currentWidget !== null
    });
    notebooks.currentChanged.connect((_, panel) => void refreshStatus(panel));
    // A cell may have generated data (or a first query did): once the
    // current notebook's cells are done, ask the kernel again.
    let afterCells: number | undefined;
    NotebookActions.executed.connect((_, { notebook }) => {
      const panel = notebooks.currentWidget;
      if (panel?.content !== notebook) {
        return;
      }
      window.clearTimeout(afterCells);
      afterCells = window.setTimeout(() => {
        if (panel.sessionContext.session?.kernel?.status === 'idle') {
          void refreshStatus(panel);
        }
      }, 300);
    });

    const bootstrap = async (panel: NotebookPanel) => {
      const context: ISessionContext = panel.sessionContext;
      const kernel = context.session?.kernel;
      if (!kernel) {
        return;
      }
      await settingsLoaded;
      if (!enabled || !(await isPythonKernel(kernel))) {
        return;
      }
      const error = await runBootstrap(kernel, engineUrl());
      const missing = error ? missingHelperPython(error) : null;
      // In the notebook itself, until a bootstrap succeeds.
      showMissingHelper(panel, trans, missing);
      if (error && missing === null) {
        Notification.warning(
          trans.__(
            'The snds helper could not start in this kernel. %1',
            `${error.ename}: ${error.evalue}`
          ),
          { autoClose: false }
        );
      }
      await refreshStatus(panel);
    };

    const watch = (panel: NotebookPanel) => {
      const context = panel.sessionContext;
      // Sent as soon as the kernel connection exists, so it queues ahead of
      // the user's first cell.
      context.kernelChanged.connect((_, change) => {
        if (change.newValue) {
          void bootstrap(panel);
        }
      });
      context.statusChanged.connect((_, status) => {
        if (status === 'restarting' || status === 'autorestarting') {
          void bootstrap(panel);
        }
      });
      if (context.session?.kernel) {
        void bootstrap(panel);
      }
    };
    notebooks.widgetAdded.connect((_, panel) => watch(panel));
    notebooks.forEach(panel => watch(panel));

    app.commands.addCommand(CommandIDs.newNotebook, {
      label: trans.__('New SNDS notebook'),
      caption: trans.__('A notebook with the snds helper imported'),
      execute: async () => {
        const panel: NotebookPanel = await app.commands.execute(
          'notebook:create-new',
          {
            kernelName: PageConfig.getOption('defaultKernelName') || undefined
          }
        );
        await panel.context.ready;
        const cell = panel.content.model?.cells.get(0);
        cell?.sharedModel.setSource(NEW_NOTEBOOK_SOURCE.join(''));
        return panel;
      }
    });

    app.commands.addCommand(CommandIDs.generate, {
      label: trans.__('Generate synthetic SNDS…'),
      caption: trans.__(
        'Generate synthetic SNDS data in the active notebook’s kernel'
      ),
      isEnabled: () => notebooks.currentWidget !== null,
      execute: async () => {
        const panel = notebooks.currentWidget;
        const kernel = panel?.sessionContext.session?.kernel;
        if (!panel || !kernel) {
          Notification.warning(
            trans.__('Open a notebook with a Python kernel first.')
          );
          return;
        }
        let options;
        try {
          const result = await showDialog({
            title: trans.__('Generate synthetic SNDS'),
            body: new GenerateForm(trans),
            buttons: [
              Dialog.cancelButton(),
              Dialog.okButton({ label: trans.__('Generate') })
            ],
            checkbox: null
          });
          if (!result.button.accept || !result.value) {
            return;
          }
          options = result.value;
        } catch (error) {
          // The form's own check failed: say what to change.
          Notification.error(String((error as Error).message));
          return;
        }
        const id = Notification.emit(
          trans.__('Generating synthetic SNDS…'),
          'in-progress',
          {
            autoClose: false
          }
        );
        try {
          const status = await evaluateJson<IKernelStatus>(
            kernel,
            generateCode(options),
            msg => {
              const content = msg.content as any;
              const text: string | undefined =
                content.text ?? content.data?.['text/plain'];
              if (text) {
                Notification.update({
                  id,
                  message: text.trim().split('\n').pop() ?? ''
                });
              }
            }
          );
          statusItem.setStatus(status);
          Notification.update({
            id,
            type: 'success',
            message: trans.__('Synthetic SNDS generated.'),
            autoClose: 5000
          });
        } catch (error) {
          Notification.update({
            id,
            type: 'error',
            message: trans.__(
              'Generation failed: %1',
              String((error as Error).message)
            ),
            autoClose: false
          });
        }
      }
    });

    app.commands.addCommand(CommandIDs.clearCache, {
      label: trans.__('Clear the synthetic SNDS kept in this browser'),
      caption: trans.__(
        'Forget the datasets kept for a quick start: the next generation starts afresh'
      ),
      execute: async () => {
        try {
          await clearWarmCache();
          Notification.success(
            trans.__(
              'Synthetic SNDS cache cleared: the next snds.generate() generates again.'
            ),
            { autoClose: 5000 }
          );
        } catch (error) {
          Notification.error(
            trans.__(
              'The synthetic SNDS cache could not be cleared: %1',
              String((error as Error).message ?? error)
            )
          );
        }
      }
    });

    for (const command of [
      CommandIDs.newNotebook,
      CommandIDs.generate,
      CommandIDs.clearCache
    ]) {
      palette?.addItem({ command, category: 'SNDS' });
    }
    launcher?.add({
      command: CommandIDs.newNotebook,
      category: 'SNDS',
      rank: 0
    });
    launcher?.add({ command: CommandIDs.generate, category: 'SNDS', rank: 1 });
  }
};

export default [plugin];
