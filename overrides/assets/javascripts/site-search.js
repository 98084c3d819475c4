/* The search box in the header (partials/site-search.html), on Pagefind's search API.
 *
 * Nothing of Pagefind's is fetched until someone focuses or types in the box; then pagefind.js
 * comes from the index folder the build wrote (pagefind/), and each search fetches only the parts
 * of the index it needs. Results are a list of links: Tab, the arrow keys or Enter reach them,
 * Escape closes them and puts focus back in the box. Every text from the index is shown as text;
 * Pagefind's excerpts are HTML with only <mark> kept.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-site-search]");
  if (!box) return;
  var input = box.querySelector("input");
  var form = box.querySelector("[data-site-search-form]");
  var panel = box.querySelector("#site-search-panel");
  var status = box.querySelector("[data-site-search-status]");
  var filtersBox = box.querySelector("[data-site-search-filters]");
  var filterToggle = box.querySelector("[data-site-search-filter-toggle]");
  var list = box.querySelector("[data-site-search-results]");
  var more = box.querySelector("[data-site-search-more]");
  var bundle = new URL(box.dataset.bundle, document.baseURI).href;
  var root = new URL(box.dataset.root, document.baseURI).pathname;
  var PAGE = 10; // results shown at a time
  var DEBOUNCE = 150; // ms after the last key before searching
  // What each filter is called, in the order they are offered.
  var FILTERS = [
    ["kind", "Kind", "Any kind"],
    ["portfolio", "Portfolio", "Any portfolio"],
    ["service", "Service", "Any service"],
    ["report", "Report", "Any report"],
  ];
  var pagefind = null; // the loaded module, or the promise of it
  var known = null; // the site's words and what everyday words mean (site-words.json), once loaded
  var selects = {};
  var current = { results: [], shown: 0, query: "" };
  var searchNumber = 0;
  var timer = null;

  box.hidden = false;

  // --- loading Pagefind, only when wanted -------------------------------------------------------

  function fromDisk() {
    return location.protocol === "file:";
  }

  function load() {
    if (!pagefind) {
      var words = fetch(bundle + "site-words.json").then(function (response) {
        return response.ok ? response.json() : { words: [], means: {}, pairs: [] };
      });
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module
          .options({ baseUrl: root, excerptLength: 24 })
          .then(function () {
            return module.init();
          })
          .then(function () {
            return words;
          })
          .then(function (found) {
            known = understanding(found);
            return module;
          });
      });
      pagefind.catch(function () {
        pagefind = null; // try again on the next search
      });
    }
    return pagefind;
  }

  // --- what was meant: everyday words, typos -------------------------------------------------------

  // Words that carry no meaning in a question ("how much do elections cost", "is sickness getting better").
  var EVERYDAY = (
    "a an the is are was were be been being how much many what which who whom when where why do does did " +
    "doing has have had get gets getting got going of in on at for to by with about and or it its this that " +
    "these those there their my our your i we you me us can could should would will than so any some please " +
    "tell show find me much"
  ).split(" ");

  function understanding(found) {
    var rank = {};
    (found.words || []).forEach(function (word, index) {
      rank[word] = index; // the most used first
    });
    var means = found.means || {};
    return {
      rank: rank,
      words: found.words || [],
      phrases: Object.keys(means).sort(function (a, b) {
        return b.length - a.length; // the longest first: "staff off sick" before "off sick"
      }),
      means: means,
      pairs: found.pairs || [],
    };
  }

  // Damerau–Levenshtein distance, stopping early once it is beyond most.
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) {
          rows[0].push(j);
          continue;
        }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
        rows[i].push(best);
      }
    }
    return rows[a.length][b.length];
  }

  // The word the site holds nearest to a typed one: within 1 letter for words of 5 to 7 letters, 2 for longer.
  function nearest(word, known) {
    var most = word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
    var best = null;
    var bestDistance = most + 1;
    for (var i = 0; i < known.words.length && most; i++) {
      var d = distance(word, known.words[i], most);
      if (d < bestDistance) {
        best = known.words[i];
        bestDistance = d;
      }
    }
    return best;
  }

  // The query as searched: glossary phrases to the terms they mean, words that carry no meaning left out,
  // and each word the site does not hold corrected to the nearest it does (or left out).
  function meant(query, known) {
    if (!known) return query;
    var text = " " + query.toLowerCase().replace(/[^a-z0-9£%.,:/'\s-]+/g, " ").replace(/\s+/g, " ").trim() + " ";
    known.phrases.forEach(function (phrase) {
      text = text.split(" " + phrase + " ").join(" " + known.means[phrase] + " ");
    });
    var kept = [];
    text
      .trim()
      .split(" ")
      .forEach(function (typed) {
        var word = typed.replace(/^[.,:']+|[.,:']+$/g, "");
        if (!word) return;
        if (/[0-9£%]/.test(word)) kept.push(word);
        else if (EVERYDAY.indexOf(word) >= 0) return;
        else if (word in known.rank || word.length < 3) kept.push(word);
        else {
          var near = nearest(word, known);
          if (near) kept.push(near);
        }
      });
    return kept.join(" ") || query;
  }

  // The searches to make: the query meant, and the same with an abbreviation and its words swapped (FOI and
  // freedom of information), so either finds both.
  function variants(query, known) {
    var found = [query];
    (known ? known.pairs : []).forEach(function (pair) {
      [0, 1].forEach(function (side) {
        var from = " " + pair[side] + " ";
        if ((" " + query + " ").indexOf(from) >= 0) {
          found.push((" " + query + " ").split(from).join(" " + pair[1 - side] + " ").trim());
        }
      });
    });
    return found;
  }

  // Each result once, the best score it had; where the whole query finds nothing, each word on its own, a page
  // found by more of the words first.
  function searchAll(module, query, options) {
    var asked = variants(query, known);
    return Promise.all(
      asked.map(function (text) {
        return module.search(text, options);
      })
    )
      .then(function (answers) {
        var results = merged(answers, 1);
        var words = query.split(" ");
        if (results.length || words.length < 2) return results;
        return Promise.all(
          words.map(function (word) {
            return module.search(word, options);
          })
        ).then(function (each) {
          return merged(each, 0);
        });
      })
      .then(newestFirst);
  }

  // Among the reports' own tables in the first results, the newer report's first, in the places those
  // tables hold: the same indicator's table from an older report never ranks above the latest one's.
  var REORDERED = 20;

  function newestFirst(results) {
    var head = results.slice(0, REORDERED);
    return Promise.all(
      head.map(function (result) {
        return result.data();
      })
    ).then(function (found) {
      var places = [];
      var tables = [];
      found.forEach(function (data, index) {
        var meta = data.meta || {};
        var year = /([0-9]{4})/.exec(meta.report || "");
        if (meta.url && meta.kind === "Indicator" && year) {
          places.push(index);
          tables.push({ result: head[index], year: Number(year[1]) });
        }
      });
      tables.sort(function (a, b) {
        return b.year - a.year;
      });
      places.forEach(function (place, index) {
        head[place] = tables[index].result;
      });
      return head.concat(results.slice(REORDERED));
    });
  }

  function merged(answers, needed) {
    var byId = {};
    answers.forEach(function (answer) {
      (answer ? answer.results : []).forEach(function (result) {
        var seen = byId[result.id];
        if (!seen) byId[result.id] = seen = { result: result, words: 0, score: 0 };
        seen.words += 1;
        seen.score = Math.max(seen.score, result.score);
      });
    });
    return Object.keys(byId)
      .map(function (id) {
        return byId[id];
      })
      .filter(function (seen) {
        return seen.words >= needed;
      })
      .sort(function (a, b) {
        return needed ? b.score - a.score : b.words - a.words || b.score - a.score;
      })
      .map(function (seen) {
        return seen.result;
      });
  }

  // --- showing results ------------------------------------------------------------------------

  function open() {
    panel.hidden = false;
  }

  function close() {
    panel.hidden = true;
  }

  function say(text) {
    status.textContent = text;
  }

  function text(tag, className, words) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = words;
    return element;
  }

  // Pagefind's excerpt is HTML (its text already escaped, with <mark> around the words found):
  // parsed inertly and rebuilt from its text and its <mark>s only.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var paragraph = document.createElement("p");
    paragraph.className = "site-search__excerpt";
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        paragraph.appendChild(text("mark", "", node.textContent));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function where(meta) {
    return [meta.kind, meta.report, meta.kind !== "Service" ? meta.service : null]
      .filter(function (part) {
        return part;
      })
      .join(" · ");
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    item.className = "site-search__result";
    var link = text("a", "site-search__link", meta.title || data.url);
    // A table, budget line or fact says its own address, from the site's root.
    link.href = meta.url ? root + meta.url.replace(/^\//, "") : data.url;
    item.appendChild(link);
    if (meta.figure) {
      // The answer: a KPI's latest figure and its target, a budget and its forecast, a fact as stated.
      var answer = document.createElement("p");
      answer.className = "site-search__answer";
      answer.appendChild(text("strong", "site-search__figure", meta.figure));
      answer.appendChild(document.createTextNode(meta.period ? " " + meta.period + "." : "."));
      if (meta.note) answer.appendChild(document.createTextNode(" " + meta.note));
      item.appendChild(answer);
    }
    var context = where(meta);
    if (context) item.appendChild(text("p", "site-search__where", context));
    if (data.excerpt) item.appendChild(excerpt(data.excerpt));
    return item;
  }

  function showMore(number) {
    var batch = current.results.slice(current.shown, current.shown + PAGE);
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (found) {
      if (number !== searchNumber) return;
      found.forEach(function (data) {
        list.appendChild(resultItem(data));
      });
      current.shown += found.length;
      more.hidden = current.shown >= current.results.length;
      var total = current.results.length;
      var asked = current.searched && current.searched !== current.query.toLowerCase() ? current.searched : current.query;
      say(
        (total === 1
          ? "1 result for “" + asked + "”"
          : total + " results for “" + asked + "”" + (total > current.shown ? ", " + current.shown + " shown" : "")) +
          (asked !== current.query ? " (you typed “" + current.query + "”)." : ".")
      );
    });
  }

  function chosenFilters() {
    var chosen = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key].value) chosen[key] = selects[key].value;
    });
    return chosen;
  }

  function search() {
    var query = input.value.trim();
    var number = ++searchNumber;
    if (!query) {
      close();
      list.textContent = "";
      return Promise.resolve();
    }
    open();
    if (fromDisk()) {
      say("Search works on the published site, not in a copy opened from a folder on disk.");
      return Promise.resolve();
    }
    say("Searching…");
    return load()
      .then(function (module) {
        var searched = meant(query, known);
        return searchAll(module, searched, { filters: chosenFilters() }).then(function (found) {
          if (number !== searchNumber) return;
          current = { results: found, shown: 0, query: query, searched: searched };
          list.textContent = "";
          filterToggle.hidden = !found.length && !Object.keys(chosenFilters()).length;
          if (!found.length) {
            more.hidden = true;
            say("No results for “" + query + "”" + (Object.keys(chosenFilters()).length ? " with these filters." : "."));
          } else {
            return showMore(number);
          }
        });
      })
      .catch(function () {
        if (number === searchNumber) say("Search is not available just now. Please try again later.");
      });
  }

  // The filters, loaded only when asked for: they are not needed for a first search.
  function offerFilters(module) {
    if (Object.keys(selects).length) return Promise.resolve();
    return module.filters().then(function (available) {
      if (Object.keys(selects).length) return;
      FILTERS.forEach(function (filter) {
        var values = Object.keys(available[filter[0]] || {}).sort();
        // A site of one portfolio offers no choice of portfolio.
        if (!values.length || (filter[0] === "portfolio" && values.length < 2)) return;
        var id = "site-search-filter-" + filter[0];
        var label = text("label", "site-search__filter-label", filter[1]);
        label.htmlFor = id;
        var select = document.createElement("select");
        select.id = id;
        select.className = "site-search__filter";
        select.appendChild(text("option", "", filter[2])).value = "";
        (filter[0] === "report" ? values.reverse() : values).forEach(function (value) {
          select.appendChild(text("option", "", value)).value = value;
        });
        select.addEventListener("change", function () {
          search();
        });
        var wrapper = document.createElement("div");
        wrapper.className = "site-search__filter-field";
        wrapper.appendChild(label);
        wrapper.appendChild(select);
        filtersBox.appendChild(wrapper);
        selects[filter[0]] = select;
      });
      filtersBox.hidden = !Object.keys(selects).length;
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".site-search__link"));
  }

  // --- the keyboard ---------------------------------------------------------------------------

  input.addEventListener("focus", function () {
    if (!fromDisk()) load(); // the results stay closed until typing, Enter or the down arrow
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    // Enter: to the first result, once the results are those of what was typed.
    var ready = current.query === input.value.trim() ? Promise.resolve() : search();
    ready.then(function () {
      if (links().length && current.query === input.value.trim()) {
        open();
        links()[0].focus();
      }
    });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      open();
      links()[0].focus();
    } else if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault(); // close the results first; a second Escape clears the box
      close();
    }
  });
  panel.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.focus();
    } else if (at >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else if (next < all.length) all[next].focus();
    }
  });
  filterToggle.addEventListener("click", function () {
    var opening = filterToggle.getAttribute("aria-expanded") !== "true";
    filterToggle.setAttribute("aria-expanded", String(opening));
    if (!opening) {
      filtersBox.hidden = true;
      return;
    }
    load()
      .then(offerFilters)
      .then(function () {
        filtersBox.hidden = !Object.keys(selects).length;
        var first = filtersBox.querySelector("select");
        if (first) first.focus();
      });
  });
  more.addEventListener("click", function () {
    var first = current.shown;
    showMore(searchNumber).then(function () {
      if (links()[first]) links()[first].focus(); // the first of the new results
    });
  });
  // Focus or a click anywhere else closes the results.
  document.addEventListener("focusin", function (event) {
    if (!box.contains(event.target)) close();
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) close();
  });
})();
