import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { translateSettings } from '@snds-lab/dictionary-extension';
import { TutorialCatalogue } from './catalogue';
import { ForkForm } from './fork_dialog';
import {
  asStudy,
  hasShippedLayer,
  isEdited,
  restoreShipped,
  stampOf
} from './shipped_copy';
import { ensureStudiesFolder, uniqueStudyPath } from './study_path';
import { CommandIDs, PLUGIN_ID, type ITutorialEntry } from './tokens';

export { canonicalCells, contentHash } from './content_hash';
export * from './tokens';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'New study from a tutorial, reset a tutorial, newer-version notices, and the landing notebook.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ITranslator, ICommandPalette, ILauncher, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    launcher: ILauncher | null,
    settingRegistry: ISettingRegistry | null
  ) => {
    const trans = (translator ?? nullTranslator).load('snds_lab');
    // Before any load: the registry holds the settings until the transform is there.
    if (settingRegistry) {
      translateSettings(settingRegistry, PLUGIN_ID, trans);
    }
    const contents = app.serviceManager.contents;
    const catalogue = new TutorialCatalogue();
    const fail = (what: string, error: unknown) =>
      Notification.error(
        trans.__('%1: %2', what, String((error as Error).message ?? error)),
        { autoClose: false }
      );

    const openPath = (path: string, options?: { mode: string; ref: string }) =>
      app.commands.execute('docmanager:open', {
        path,
        factory: 'Notebook',
        options
      });

    /** Writes a copy of `content` as a new study and returns its path. */
    const saveStudy = async (
      content: INotebookContent,
      sourcePath: string
    ): Promise<string> => {
      await ensureStudiesFolder(contents);
      const path = await uniqueStudyPath(contents, sourcePath);
      await contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: asStudy(content, sourcePath)
      });
      return path;
    };

    /** Shows the shipped version in `panel`, unmodified and saved. */
    const showShipped = async (panel: NotebookPanel, entry: ITutorialEntry) => {
      const shipped = await catalogue.shipped(entry);
      await restoreShipped(contents, panel.context.path, shipped);
      await panel.context.revert();
      // A browser cache may still hold the old file: load the one just read.
      const model = panel.context.model;
      if (stampOf(model.toJSON() as INotebookContent).version !== entry.hash) {
        model.fromJSON(shipped);
        model.dirty = false;
      }
    };

    /**
     * The learner edited a tutorial that the site has since updated: keep
     * their copy as a study and show the new version beside it.
     */
    const keepCopyAndOpenNew = async (
      panel: NotebookPanel,
      entry: ITutorialEntry
    ) => {
      const context = panel.context;
      const mine = context.model.toJSON() as INotebookContent;
      const studyPath = await saveStudy(mine, entry.path);
      await showShipped(panel, entry);
      const study = await openPath(studyPath, {
        mode: 'split-left',
        ref: panel.id
      });
      Notification.success(
        trans.__(
          'Your copy is kept as %1; the new version of %2 is open beside it.',
          studyPath,
          entry.title
        ),
        { autoClose: 8000 }
      );
      return study;
    };

    /** Compares an opened tutorial with the version the site ships now. */
    const checkVersion = async (panel: NotebookPanel) => {
      await panel.context.ready;
      const entry = await catalogue.find(panel.context.path);
      if (!entry) {
        return;
      }
      const content = panel.context.model.toJSON() as INotebookContent;
      const stamp = stampOf(content);
      if (!stamp.version || stamp.version === entry.hash) {
        return;
      }
      if (!isEdited(content)) {
        // Never edited (at most run and saved): the new version replaces it.
        await showShipped(panel, entry);
        return;
      }
      Notification.warning(
        trans.__(
          'A newer version of “%1” is available. You are looking at your own edited copy.',
          entry.title
        ),
        {
          autoClose: false,
          actions: [
            {
              label: trans.__('Open the new version beside my copy'),
              caption: trans.__('Your copy is kept in etudes/ and stays open.'),
              callback: () => {
                keepCopyAndOpenNew(panel, entry).catch(error =>
                  fail(trans.__('Could not open the new version'), error)
                );
              }
            }
          ]
        }
      );
    };

    notebooks.widgetAdded.connect((_, panel) => {
      if (!hasShippedLayer(contents)) {
        return;
      }
      checkVersion(panel).catch(() => undefined);
    });

    app.commands.addCommand(CommandIDs.newStudy, {
      label: trans.__('New study from…'),
      caption: trans.__(
        'Copy a tutorial or the study template into etudes/ and open it'
      ),
      execute: async () => {
        let manifest;
        try {
          manifest = await catalogue.refresh();
        } catch (error) {
          fail(trans.__('No tutorials to start from'), error);
          return;
        }
        const entries = manifest.tutorials.filter(t => t.kind !== 'landing');
        if (entries.length === 0) {
          Notification.warning(trans.__('This site ships no tutorial.'));
          return;
        }
        const result = await showDialog({
          title: trans.__('New study from…'),
          body: new ForkForm(trans, entries),
          buttons: [
            Dialog.cancelButton(),
            Dialog.okButton({ label: trans.__('Create the study') })
          ],
          checkbox: null
        });
        if (!result.button.accept || !result.value) {
          return;
        }
        const entry = entries.find(t => t.path === result.value)!;
        try {
          const path = await saveStudy(
            await catalogue.shipped(entry),
            entry.path
          );
          return await openPath(path);
        } catch (error) {
          fail(trans.__('Could not create the study'), error);
        }
      }
    });

    const currentTutorial = () => {
      const path = notebooks.currentWidget?.context.path;
      return path ? catalogue.find(path) : Promise.resolve(undefined);
    };
    // Synchronous enablement needs the answer ahead of time.
    let currentIsTutorial = false;
    const trackCurrent = () => {
      currentTutorial()
        .then(entry => {
          currentIsTutorial = entry !== undefined;
          app.commands.notifyCommandChanged(CommandIDs.resetTutorial);
        })
        .catch(() => undefined);
    };
    notebooks.currentChanged.connect(trackCurrent);
    contents.fileChanged.connect(trackCurrent);

    app.commands.addCommand(CommandIDs.resetTutorial, {
      label: trans.__('Reset this tutorial'),
      caption: trans.__(
        'Bring back the original tutorial; your studies in etudes/ are kept'
      ),
      isEnabled: () => currentIsTutorial,
      isVisible: () => currentIsTutorial,
      execute: async () => {
        const panel = notebooks.currentWidget;
        const entry = panel ? await currentTutorial() : undefined;
        if (!panel || !entry) {
          Notification.warning(trans.__('Open a tutorial notebook first.'));
          return;
        }
        const result = await showDialog({
          title: trans.__('Reset this tutorial'),
          body: trans.__(
            'Your changes to “%1” will be replaced by the original. Your studies in etudes/ are kept.',
            entry.title
          ),
          buttons: [
            Dialog.cancelButton(),
            Dialog.warnButton({ label: trans.__('Reset') })
          ]
        });
        if (!result.button.accept) {
          return;
        }
        try {
          await showShipped(panel, entry);
          Notification.success(
            trans.__('“%1” is back to its original.', entry.title),
            { autoClose: 5000 }
          );
        } catch (error) {
          fail(trans.__('Could not reset the tutorial'), error);
        }
      }
    });

    app.commands.addCommand(CommandIDs.openLanding, {
      label: trans.__('Open the learning path'),
      caption: trans.__('The list of SNDS tutorials'),
      execute: async () => {
        const { landing } = await catalogue.manifest();
        return openPath(landing);
      }
    });

    for (const command of [
      CommandIDs.newStudy,
      CommandIDs.resetTutorial,
      CommandIDs.openLanding
    ]) {
      palette?.addItem({ command, category: 'SNDS' });
    }
    launcher?.add({ command: CommandIDs.newStudy, category: 'SNDS', rank: 2 });
    app.contextMenu.addItem({
      command: CommandIDs.resetTutorial,
      selector: '.jp-Notebook',
      rank: 20
    });

    // The lite site opens on the learning path when no document was asked for.
    const settings = settingRegistry
      ? settingRegistry.load(PLUGIN_ID).catch(() => null)
      : Promise.resolve(null);
    void Promise.all([app.restored, settings]).then(async ([, loaded]) => {
      const wanted = loaded
        ? (loaded.get('openLanding').composite as boolean)
        : true;
      const asked = new URL(window.location.href).searchParams.has('path');
      const open = Array.from(app.shell.widgets('main')).some(
        widget => 'context' in widget
      );
      if (!wanted || asked || open || !hasShippedLayer(contents)) {
        return;
      }
      try {
        await app.commands.execute(CommandIDs.openLanding);
      } catch (error) {
        fail(trans.__('Could not open the learning path'), error);
      }
    });
  }
};

export default [plugin];
