/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-alert-query-private.h — what the parts of the query language share: the syntax tree */
#pragma once

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-alert-query.h"

typedef enum
{
  NODE_TERM,     /* words in text, title or source */
  NODE_LANG,     /* lang:fr */
  NODE_COUNTRY,  /* country:IQ */
  NODE_ENTITY,   /* entity:[type:]name */
  NODE_CATEGORY, /* category:explosives */
  NODE_SCORE,    /* score>=60 */
  NODE_LEVEL,    /* level>=high */
  NODE_AND,
  NODE_OR,
  NODE_NOT,
  NODE_NEAR,
} NodeKind;

typedef enum
{
  SCOPE_TEXT,
  SCOPE_TITLE,
  SCOPE_SOURCE,
} Scope;

typedef enum
{
  CMP_GE,
  CMP_GT,
  CMP_LE,
  CMP_LT,
  CMP_EQ,
} Cmp;

typedef struct _Node Node;
struct _Node
{
  NodeKind kind;
  char **words;       /* TERM, ENTITY: folded tokens; CATEGORY: the categories */
  char **forms;       /* TERM of one bare word: the folded forms it matches, or NULL */
  gsize forms_common; /* bytes at the start of every form ("hit" of hits, hitting) */
  gboolean prefix;    /* TERM: last word is a prefix (trailing *) */
  Scope scope;        /* TERM */
  char *value;        /* LANG, COUNTRY, CATEGORY (folded); ENTITY: type or NULL */
  Cmp cmp;            /* SCORE, LEVEL */
  int number;         /* SCORE: the score; LEVEL: the level's rank */
  guint distance;     /* NEAR */
  gboolean ordered;   /* NEAR: ONEAR */
  GPtrArray *children;
};

struct _VigilQuery
{
  Node *root;
  guint n_terms; /* TERM nodes: how many times a match would scan the text */
};

/* vigil-alert-query.c */
int level_rank (const char *level);

/* vigil-alert-query-words.c */
char **word_forms (const char *folded, const char *typed);
char **resolve_category (const char *value);
char *resolve_country (const char *value);
char *resolve_language (const char *value);
