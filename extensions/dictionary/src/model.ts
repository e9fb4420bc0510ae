import type {
  DictionarySearch,
  IAnalystFilters,
  INomenclatureLoader,
  INomenclatureValues,
  ISqlSnippet,
  JoinGraph,
  SndsDictionary as Dictionary,
  SqlBuilder
} from '@snds-lab/schema';
import { Signal } from '@lumino/signaling';
import { SndsDictionary } from './tokens';
import { ValueSearchIndex } from './value_index';

type Schema = typeof import('@snds-lab/schema');

type Filters = IAnalystFilters;

/**
 * The loaded dictionary and its indexes. The schema library is imported on first use so that
 * JupyterLab's start-up does not pay for it.
 */
export class DictionaryModel {
  /**
   * @param bundleUrl - folder of `dictionary.json` and the nomenclature files.
   * @param valueIndexUrl - the index of every nomenclature value (`value-index.bin.gz`).
   */
  constructor(
    private readonly bundleUrl: string,
    private readonly valueIndexUrl?: string
  ) {}

  /** Emitted when more nomenclature values become searchable. */
  readonly valuesChanged = new Signal<this, void>(this);

  /** The index of every nomenclature value, once {@link loadValueIndex} is done. */
  get valueIndex(): ValueSearchIndex | null {
    return this.values_;
  }

  /** Why the value index is missing, when its fetch failed. */
  get valueIndexError(): string | null {
    return this.valueIndexError_;
  }

  /**
   * Fetches the index of every nomenclature value, once; never rejects. Without it (see
   * {@link valueIndexError}), search still finds the values of the nomenclatures opened.
   */
  loadValueIndex(): Promise<void> {
    if (!this.valueIndexLoading && this.valueIndexUrl) {
      this.valueIndexLoading = this.doLoadValueIndex(this.valueIndexUrl).catch(
        (error: Error) => {
          this.valueIndexError_ = error.message;
          this.valuesChanged.emit();
        }
      );
    }
    return this.valueIndexLoading ?? Promise.resolve();
  }

  /** Loads `dictionary.json` and builds the search index, once. */
  load(): Promise<void> {
    if (!this.loading) {
      this.loading = this.doLoad();
      this.loading.catch(() => (this.loading = null));
    }
    return this.loading;
  }

  get isLoaded(): boolean {
    return this.data !== null;
  }

  get lib(): Schema {
    return this.loaded().lib;
  }
  get dictionary(): Dictionary {
    return this.loaded().dictionary;
  }
  get search(): DictionarySearch {
    return this.loaded().search;
  }
  get graph(): JoinGraph {
    return this.loaded().graph;
  }
  get loader(): INomenclatureLoader {
    return this.loaded().loader;
  }

  /** A nomenclature's values, fetched once, and added to the search index. */
  async values(name: string): Promise<INomenclatureValues> {
    const values = await this.loader.load(name);
    if (!this.values_ && !this.search.values.has(values.name)) {
      this.search.addValues(values);
      this.search.values.prepare({ labels: false });
      this.valuesChanged.emit();
    }
    return values;
  }

  /** A SELECT of one table with the settings' year, limit and filters. */
  selectSql(table: string, settings: SndsDictionary.ISettings): ISqlSnippet {
    const builder = this.builder();
    return this.withFilters(settings, filters =>
      builder.select(table, {
        year: settings.pmsiYear,
        limit: settings.rowLimit > 0 ? settings.rowLimit : undefined,
        filters
      })
    );
  }

  /** The join along the shortest path between two tables. */
  joinSql(
    from: string,
    to: string,
    settings: SndsDictionary.ISettings
  ): ISqlSnippet {
    const builder = this.builder();
    const path = this.graph.path(from, to);
    return this.withFilters(settings, filters =>
      builder.join(path, {
        year: settings.pmsiYear,
        limit: settings.rowLimit > 0 ? settings.rowLimit : undefined,
        filters
      })
    );
  }

  /**
   * Builds with every default filter the query's tables can take: a filter none of them has
   * the columns for is an error in the builder, and the settings apply to every query.
   */
  private withFilters(
    settings: SndsDictionary.ISettings,
    build: (filters: Filters) => ISqlSnippet
  ): ISqlSnippet {
    const wanted: Filters[] = [];
    if (settings.excludeForInformation) {
      wanted.push({ excludeForInformation: true });
    }
    if (settings.validPmsiLinks) {
      wanted.push({ validPmsiLinks: true });
    }
    if (settings.vitalStatus !== 'any') {
      wanted.push({ vitalStatus: settings.vitalStatus });
    }
    let filters: Filters = {};
    for (const filter of wanted) {
      try {
        build({ ...filters, ...filter });
        filters = { ...filters, ...filter };
      } catch (error) {
        if (!(error instanceof this.lib.SqlBuildError)) {
          throw error;
        }
      }
    }
    return build(filters);
  }

  private builder(): SqlBuilder {
    const { lib, dictionary, graph } = this.loaded();
    this.sqlBuilder ??= new lib.SqlBuilder(dictionary, graph);
    return this.sqlBuilder;
  }

  private loaded(): NonNullable<DictionaryModel['data']> {
    if (!this.data) {
      throw new Error(
        'The SNDS dictionary is not loaded yet: await model.load() first'
      );
    }
    return this.data;
  }

  private async doLoad(): Promise<void> {
    const [lib, response] = await Promise.all([
      import('@snds-lab/schema'),
      fetch(`${this.bundleUrl}dictionary.json`)
    ]);
    if (!response.ok) {
      throw new Error(
        `The SNDS dictionary could not be loaded from ${this.bundleUrl}dictionary.json (HTTP ${response.status}); rebuild the extension with scripts/build.sh`
      );
    }
    const dictionary = new lib.SndsDictionary(
      lib.decodeDictionary(await response.json())
    );
    this.data = {
      lib,
      dictionary,
      search: lib.DictionarySearch.build(dictionary),
      graph: new lib.JoinGraph(dictionary),
      loader: new lib.FetchNomenclatureLoader(this.bundleUrl)
    };
  }

  private async doLoadValueIndex(url: string): Promise<void> {
    await this.load();
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(
        `The nomenclature value index could not be loaded from ${url} (HTTP ${response.status}); rebuild the extension with scripts/build.sh`
      );
    }
    let bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      const stream = new Blob([bytes as BlobPart])
        .stream()
        .pipeThrough(new DecompressionStream('gzip'));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    const { foldName, stem, words } = this.lib;
    this.values_ = ValueSearchIndex.decode(bytes, { foldName, stem, words });
    this.valuesChanged.emit();
  }

  private loading: Promise<void> | null = null;
  private valueIndexLoading: Promise<void> | null = null;
  private values_: ValueSearchIndex | null = null;
  private valueIndexError_: string | null = null;
  private sqlBuilder: SqlBuilder | null = null;
  private data: {
    lib: Schema;
    dictionary: Dictionary;
    search: DictionarySearch;
    graph: JoinGraph;
    loader: INomenclatureLoader;
  } | null = null;
}
