"""The Pelican generator: reads the content into the model, then writes every page in every language."""

import logging
import os
from dataclasses import dataclass, field

import jinja2
from pelican.generators import Generator

from ruhr.core import content, i18n, links, model as ruhr_model, reads, schema
from ruhr.core.frontmatter import FrontMatterError
from ruhr.site import incremental, programmes as programme_filters
from ruhr.util import progress, workers
from ruhr.util.files import ContentCache, write_atomic, write_if_changed
from ruhr import settings as ruhr_settings
from ruhr.signals import content_read, model_ready
from ruhr.core.urls import absolute, save_as, url_for
from ruhr.core.validate import ContentError, Problem

logger = logging.getLogger(__name__)


@dataclass
class PageJob:
    """One page to write: its template, URL, the URLs of its translations, and what the template needs.

    Incremental builds (docs/incremental.md): the page is rendered again when the job (template, URL,
    translations, context) or anything it read from the model changed. `always=True` for a page that reads
    something outside the model and the job (a file, the date): it is then rendered on every build."""
    template: str
    lang: str
    url: str
    translations: dict
    context: dict = field(default_factory=dict)
    always: bool = False
    path: str = ""  # the file, relative to the output folder
    digest: str = None  # of the job itself (incremental.Plan.job_digest); None: render every time


class RuhrGenerator(Generator):
    """Sites, sectors, stories, municipalities, contacts and legal pages, in every language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.env.bytecode_cache is None:  # compiled templates kept between builds (keyed by their source)
            folder = os.path.join(self.settings.get("CACHE_PATH") or "cache", "jinja")
            os.makedirs(folder, exist_ok=True)
            self.env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)
        self.env.add_extension("jinja2.ext.i18n")
        self.env.policies["ext.i18n.trimmed"] = True
        self.env.filters.update(i18n.FILTERS)
        self.env.globals.update(self.settings)
        self.env.globals.update(absolute=lambda url: absolute(self.settings, url), language_name=i18n.language_name,
                                url_for=lambda page_type, lang, slug="": url_for(self.settings, page_type,
                                                                                 lang, slug))
        self.languages = ruhr_settings.get(self.settings, "RUHR_LANGUAGES")
        self.model = None
        self.records = {}
        self.catalogs = {}
        self.envs = {}  # lang -> its Jinja environment (language_env)

    def generate_context(self):
        cache = ContentCache(self.settings, "RuhrGenerator")  # written atomically, read damage-tolerant
        records, data = content.load(self.path, self.settings, cache=cache)
        cache.save_cache()
        content_read.send(self)
        problems = []
        for lang in self.languages:
            self.catalogs[lang], missing = i18n.load_translations(
                self.theme, lang, ruhr_settings.get(self.settings, "RUHR_MSGID_LANG"),
                os.path.join(self.settings.get("CACHE_PATH") or "cache", "translations"))
            problems += missing
        model = ruhr_model.build(records, data, self.settings)
        self.records = {(r.kind, r.id, r.lang): r for r in records}  # as read: render_edited compares with them
        problems += links.resolve(model, self.path)
        if problems:
            raise ContentError(problems)
        self.model = model
        self.context["ruhr"] = self.model
        model_ready.send(self.model, generator=self)

    def index(self, page_type, lang, template, **context):
        return PageJob(template, lang, url_for(self.settings, page_type, lang),
                       {l: url_for(self.settings, page_type, l) for l in self.languages}, context)

    def item(self, template, item, **context):
        return PageJob(template, item.lang, item.url,
                       {l: t.url for l, t in item.translations.items()}, dict(context, item=item))

    def jobs(self, lang):
        """Every page of one language."""
        m = self.model
        featured = sorted((s for s in m.sites[lang] if s.status == "available"), key=lambda s: -s.area)
        yield self.index("home", lang, "home", region=m.region(lang), sectors=m.sectors[lang],
                         featured_sites=featured[:ruhr_settings.get(self.settings, "RUHR_HOME_SITES")],
                         stories=m.stories[lang][:ruhr_settings.get(self.settings, "RUHR_HOME_STORIES")])
        yield from self.sites_jobs(lang)
        yield self.index("sectors", lang, "sectors", sectors=m.sectors[lang])
        yield self.index("stories", lang, "stories", stories=m.stories[lang])
        yield self.index("municipalities", lang, "municipalities", districts=m.districts[lang],
                         region=m.region(lang), population_source=m.population_source.get(lang, ""))
        yield self.index("contacts", lang, "contacts",
                         contacts=sorted(m.contacts[lang].values(), key=lambda c: i18n.sort_key(c.name)))
        yield self.index("404", lang, "404")
        yield self.index("compare", lang, "compare")
        yield PageJob("compare.json", lang, url_for(self.settings, "compare_data", lang), {}, {})
        yield self.index("search", lang, "search")
        yield self.index("aid_areas", lang, "aid-areas")
        yield from self.role_jobs(lang)
        for template, items in (("site", m.sites), ("sector", m.sectors), ("story", m.stories),
                                ("municipality", m.municipalities), ("page", m.pages), ("programme", m.programmes),
                                ("project", m.projects), ("news_item", m.news), ("event", m.events),
                                ("access", m.access)):
            for item in items[lang]:
                yield self.item(template, item)

    def sites_jobs(self, lang):
        """The sites index (docs/finder.md): the list of every site in pages of RUHR_FINDER_PAGE_SIZE, linked
        by rel=prev/next (so without JavaScript every site is reachable), the finder on the first page, and
        the finder's data (every site of the language, for static/js/finder.js)."""
        sites = self.model.sites[lang]
        size = max(1, ruhr_settings.get(self.settings, "RUHR_FINDER_PAGE_SIZE"))
        count = pages(len(sites), size)

        def page_url(l, number):
            return url_for(self.settings, "sites", l) if number == 1 else \
                url_for(self.settings, "sites_page", l, number)

        urls = [page_url(lang, number) for number in range(1, count + 1)]
        for number, url in enumerate(urls, 1):
            pager = {"number": number, "count": count, "urls": urls, "size": size, "first": (number - 1) * size + 1,
                     "total": len(sites)}
            rows = sites[(number - 1) * size:number * size]
            context = dict(rows=rows, pager=pager, sites=sites if number == 1 else rows)
            yield PageJob("sites", lang, url, {l: page_url(l, number) for l in self.languages
                                               if number <= pages(len(self.model.sites[l]), size)}, context)
        yield PageJob("finder.json", lang, url_for(self.settings, "finder_data", lang), {}, dict(sites=sites))

    def role_jobs(self, lang):
        """The index pages of the agency's other roles (docs/roles.md): funding programmes (with one page per
        filter), projects, news, events and their archive, the barrier report form."""
        m = self.model
        filters = programme_filters.filters(m.programmes[lang])
        available = {f.slug for f in filters}
        advice = [p for p in m.pages[lang] if p.menu == "funding"]
        for f in filters:
            page_type = "programmes" if f.is_index else "programmes_filter"
            yield PageJob("programmes", lang, url_for(self.settings, page_type, lang, f.slug),
                          {l: url_for(self.settings, page_type, l, f.slug) for l in self.languages},
                          dict(programmes=f.programmes, filter=f, options=f.options(available), advice=advice))
        yield self.index("projects", lang, "projects", projects=m.projects[lang])
        yield self.index("news", lang, "news", news=m.news[lang])
        yield self.index("events", lang, "events", events=m.upcoming_events(lang), archive=False)
        yield self.index("events_archive", lang, "events", events=m.past_events(lang), archive=True)
        yield self.index("feedback", lang, "feedback",
                         endpoint=ruhr_settings.get(self.settings, "RUHR_FEEDBACK_ENDPOINT"),
                         email=ruhr_settings.get(self.settings, "RUHR_FEEDBACK_EMAIL"))

    def generate_output(self, writer):
        """Render the pages whose inputs changed; copy the others from the page store (incremental.py)."""
        jobs = [job for lang in self.languages for job in self.jobs(lang)]
        # Template globals that plugins added (values computed from the model count too), settings aside.
        added = {k: v for k, v in self.env.globals.items() if k not in self.settings}
        plan = incremental.Plan(self.settings, self.model, self.theme, extra=sorted(added.items()))
        todo, paths, problems = [], {}, []
        for job in jobs:
            job.path = save_as(job.url)
            if job.path in paths:  # one page would overwrite the other: which one wins must not depend on order
                item = job.context.get("item") or paths[job.path].context.get("item")
                problems.append(Problem(getattr(item, "source_path", "") or job.template, 1, "slug",
                                        f"another page has the URL {job.url} — give this item another slug"))
            paths[job.path] = job
            job.digest = plan.job_digest(job)
            if not plan.reuse(job.path, job.digest, self.output_path):
                todo.append(job)
        if problems:
            raise ContentError(problems)
        # Pages are independent: forked workers share the model and render a chunk at a time.
        processes = workers.allowed(self.settings)
        per_process = ruhr_settings.get(self.settings, "RUHR_PAGES_PER_PROCESS")
        with progress.Bar("Writing pages", len(todo)) as bar:
            for page in workers.run(lambda job: self.write(job, plan.store), todo, processes, per_process,
                                    done=bar.advance):
                plan.add(page)
        plan.save()
        incremental.RESULTS[self.output_path] = incremental.Result(plan.pages, len(todo), len(jobs))
        logger.info("wrote %d pages with %d process(es)", len(todo), workers.count(processes, todo, per_process))
        logger.info("copied %d unchanged pages from %s", len(jobs) - len(todo), plan.store)

    def language_env(self, lang):
        """The Jinja environment of one language (Environment.overlay): its catalog installed once, `lang` and
        the model as globals, and its own cache of templates and of the macro modules they import, so that
        macros imported without context are made once per language, not on every page. Made when the pages
        are written: template globals that plugins add at model_ready are in it."""
        if lang not in self.envs:
            env = self.envs[lang] = self.env.overlay(cache_size=1000)
            env.globals = dict(self.env.globals, lang=lang, ruhr=self.model)
            i18n.install(env, self.catalogs[lang])
            # A template's globals as a plain dict, not Jinja's ChainMap over env.globals: importing a macro
            # module compares the page's global names with the module's, which over a ChainMap of ~150
            # names costs more than making the module (env.globals is complete by now).
            env.make_globals = lambda d, globals=env.globals: {**globals, **(d or {})}
        return self.envs[lang]

    def template(self, job):
        env = self.language_env(job.lang)
        if not _html_page(job):  # named with its extension (the finder's and compare page's data): not a page
            return env.get_template(job.template)
        for extension in self.settings["TEMPLATE_EXTENSIONS"]:
            try:
                return env.get_template(job.template + extension)
            except jinja2.TemplateNotFound:
                pass
        return self.get_template(job.template)  # Pelican's error naming the folders it looked in

    def render(self, job):
        """(text, keys of what it read) of one job."""
        template = self.template(job)
        with reads.recording() as inputs:
            html = template.render(job.context, lang=job.lang, url=job.url, translations=job.translations,
                                   page_template=job.template, ruhr=self.model, languages=self.languages)
        return html, inputs

    def write(self, job, store):
        html, inputs = self.render(job)
        data = html.encode("utf-8")
        write_if_changed(os.path.join(self.output_path, job.path), data)
        return incremental.Rendered(job.path, job.digest, sorted(inputs, key=repr), incremental.store_page(store, data),
                                    head_facts(html) if _html_page(job) else None)

    def render_edited(self, paths, output):
        """The preview's quick page (ruhr.editor.preview): when every file of `paths` is an item's Markdown whose
        front matter is as this build read it and only the body changed, each item's page is rendered again from
        the model in memory with the new body and written into `output`. Nothing else a page shows depends on
        another item's body, so the page is the one a full build makes (tests/test_preview.py shows it); the
        full build that follows brings every other page (listings, feeds, search) up to date. Returns
        [(page path, the bytes it replaced)], or None when any file needs the full build: anything else
        changed, the file has a problem, or the build post-processes its pages."""
        if self.settings.get("RUHR_POSTPROCESS") or not self.records:
            return None
        folders = {folder: kind for kind, (folder, _) in schema.TYPES.items()}
        converter, edited = content.Markdown(), []
        for path in paths:
            rel = os.path.relpath(path, self.path)
            folder, _, name = rel.partition(os.sep)
            kind, parts = folders.get(folder), content.split_name(name, self.languages)
            before = self.records.get((kind, *parts)) if kind and parts else None
            if before is None and (name.startswith(".") or name.endswith("~") or not os.path.exists(path)):
                continue  # an editor's lock, swap or backup file, or its probe that is gone already
            if before is None:
                return None  # not an item's file, or a new one
            try:
                raw = (kind, rel, parts[1], *content.read_file(self.path, rel, converter))
            except (FrontMatterError, OSError, UnicodeDecodeError):
                return None
            records, problems = content.check_records([raw], self.settings, self.path)
            if problems or records[0].values != before.values:
                return None
            if records[0].html != before.html:
                edited.append((before.path, records[0].html))
        items = {item.source_path: item for lang in self.languages for item in self.model.items(lang)}
        pages = []
        for source_path, html in edited:
            item = items[source_path]
            item.content = html
            if links.resolve(self.model, self.path, only=[item]):
                return None
            job = self.item(item.kind, item)
            job.path = save_as(job.url)
            pages.append((job.path, self.render(job)[0].encode("utf-8")))
        replaced = []
        try:
            for path, data in pages:
                target = os.path.join(output, path)
                try:
                    with open(target, "rb") as fh:
                        before = fh.read()
                except OSError:
                    before = None
                write_atomic(target, data)
                replaced.append((path, before))
        except OSError:  # a page that could not be written: the others go back, the build says what is wrong
            put_back(output, replaced)
            raise
        return replaced


def put_back(output, replaced):
    """Write back into `output` what render_edited's pages replaced: [(page path, its bytes, or None when
    there was no such file)]."""
    for path, before in replaced:
        target = os.path.join(output, path)
        if before is not None:
            write_atomic(target, before)
        elif os.path.exists(target):
            os.remove(target)


def _html_page(job):
    return "." not in job.template


def pages(items, size):
    """How many pages a list of `items` makes at `size` a page (at least one)."""
    return max(1, -(-items // size))


def head_facts(html):
    """[canonical URL, {hreflang: URL}, noindex] of a page's head, for the sitemap."""
    from ruhr.site.seo import read_head_text
    head = read_head_text(html)
    return [head.canonical, head.alternates, head.noindex]
