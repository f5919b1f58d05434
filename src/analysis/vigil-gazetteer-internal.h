/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-gazetteer-internal.h — what the gazetteer's two files share: the
 * object (vigil-gazetteer.c reads the lists and matches names,
 * vigil-gazetteer-towns.c the small-town tier). */
#pragma once

#include "vigil-gazetteer.h"
#include "vigil-word-table.h"

G_BEGIN_DECLS

typedef struct _Node Node;

struct _VigilGazetteer
{
  gatomicrefcount ref;
  Node *root;
  guint size;
  VigilTagger *tagger;    /* English; may be NULL */
  VigilTagger *tagger_fr; /* French; may be NULL */
  /* Interned country code -> its coordinates (two doubles), from the first of
   * its names listed with them: ISO's names come without. */
  GHashTable *country_geo;
  /* The first words of Arabic names with the proclitics written onto them
   * ("والموصل", "لبغداد") -> the node of the word alone (not owned). */
  VigilWordTable clitics;
  /* Region codes of the entries, each kept once (equal codes are one pointer):
   * thousands of them, too many for g_intern_string, whose blocks a leak
   * checker then reports. */
  GStringChunk *regions;
  /* vigil_gazetteer_new_default_lazy(): the lists are read at the first call
   * that needs them, in whichever thread makes it (the others wait), or by
   * vigil_gazetteer_preload()'s thread. loaded is 1 once they are. */
  gboolean lazy;
  gsize loaded;
  int preloading;
  /* towns.tsv, read at the first vigil_gazetteer_lookup_town(): each town in
   * 28 bytes, its strings in one arena, sorted by name so that the towns of
   * one name follow each other; the table maps a folded name to the first
   * town of that name + 1. The array and the arena are allocated at their
   * size once read (growing ones keep up to twice that). */
  gsize towns_loaded;
  struct _Town *towns;
  guint n_towns;
  char *town_strings;
  GPtrArray *town_codes; /* country and region codes (interned / in regions) */
  VigilWordTable town_index;
  /* The places of cities.tsv and towns.tsv by their spelling key in their
   * country (vigil_gazetteer_region_by_spelling()), sorted by its hash; read
   * at the first call. */
  gsize spellings_loaded;
  struct _Spelt *spellings;
  guint n_spellings;
};

typedef struct _Spelt
{
  guint64 hash;        /* of the name's spelling key */
  const char *country; /* interned */
  const char *region;  /* in regions */
} Spelt;

typedef struct _Town
{
  guint32 key;  /* offset of the folded name in town_strings */
  guint32 name; /* offset of the name as written */
  float lat, lon;
  guint32 population;
  guint16 country, region; /* index in town_codes (region: 0 for none) */
  gboolean ordinary_word;
} Town;

/* Reads the lists once (a lazy gazetteer's first use waits for them). */
void gazetteer_ensure_loaded (VigilGazetteer *self);
/* Reads the small-town tier once (vigil-gazetteer-towns.c). */
void gazetteer_ensure_towns (VigilGazetteer *self);

G_END_DECLS
