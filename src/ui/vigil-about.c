/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vigil-about.c — the About window, with the credits the data sources ask for. */
#include "config.h"

#include "vigil-application-private.h"

#include <glib/gi18n.h>
#include <string.h>

void
vigil_application_about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VigilApplication *self = user_data;
  const char *developers[] = { "The Vigil developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about, "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                "application-name", _ ("Vigil"), "application-icon", APP_ID, "version",
                PACKAGE_VERSION, "developer-name", _ ("The Vigil developers"), "developers",
                developers, "website", PROJECT_URL, "issue-url", PROJECT_URL "/issues", "comments",
                _ ("Monitor regional news, see who and where at a glance, and get alerted the "
                   "moment a story that matters breaks."),
                "license-type", GTK_LICENSE_GPL_3_0, "copyright", "© 2026 The Vigil developers",
                NULL);
  /* Credits the data's licences ask for (data/README has the details). The
   * attribution lines are quoted as their licences give them, untranslated. */
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Name tagger training data"), NULL, GTK_LICENSE_CUSTOM,
      "Derived from the GUM corpus (Zeldes 2017, https://gucorpling.org/gum/, annotations "
      "CC BY 4.0) and Wikinews articles (https://en.wikinews.org, CC BY 2.5); named-entity layer "
      "derived heuristically by the Vigil project.\n"
      "Universal NER English-PUD (Mayhew et al., NAACL 2024, https://www.universalner.org/), "
      "based on UD_English-PUD; CC BY-SA 3.0.\n"
      "CrossNER politics domain (Liu et al., AAAI 2021, https://github.com/zliucr/CrossNER, MIT "
      "licence); text from Wikipedia (CC BY-SA 3.0).\n"
      "Universal NER English-EWT (Mayhew et al., NAACL 2024, https://www.universalner.org/), "
      "based on UD_English-EWT; CC BY-SA 4.0.\n"
      "Derived from the GUM corpus (Zeldes 2017, https://gucorpling.org/gum/, annotations "
      "CC BY 4.0); texts from Wikipedia and Wikivoyage (CC BY-SA 3.0); named-entity layer "
      "derived heuristically by the Vigil project.");
  /* The English tagger's word lists (data/analysis/common-words.txt,
   * wordnet-names.txt) ship inside the program: their notices, as given. */
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Name tagger word lists"), NULL, GTK_LICENSE_CUSTOM,
      "Ordinary English words from SCOWL (Spell Checker Oriented Word Lists), Copyright "
      "2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell these "
      "word lists, the associated scripts, the output created from the scripts, and its "
      "documentation for any purpose is hereby granted without fee, provided that the above "
      "copyright notice appears in all copies and that both that copyright notice and this "
      "permission notice appear in supporting documentation. Kevin Atkinson makes no "
      "representations about the suitability of this array for any purpose. It is provided "
      "\"as is\" without express or implied warranty.\n"
      "Names and English verb forms from WordNet 3.0. WordNet 3.0 Copyright 2006 by Princeton "
      "University. All rights "
      "reserved. THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY "
      "MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT "
      "LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF "
      "MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED "
      "SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, "
      "COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton "
      "may not be used in advertising or publicity pertaining to distribution of the software "
      "and/or database. Title to copyright in this software, database and any associated "
      "documentation shall at all times remain with Princeton University.");
  /* The place lists' sources ask for their notices wherever their data is used. */
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Places and countries"), NULL, GTK_LICENSE_CUSTOM,
      _ ("Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0.\n"
         "English names of cities from SimpleMaps (https://simplemaps.com/data/world-cities), "
         "licensed under CC BY 4.0.\n"
         "Contains information from world-countries (https://github.com/mledoze/countries), "
         "which is made available here under the Open Database License (ODbL), "
         "https://opendatacommons.org/licenses/odbl/1.0/.\n"
         "Country names and their translations from Debian's iso-codes, under the GNU LGPL "
         "2.1 or later.\n"
         "Spanish demonyms from i18n-nationality (https://github.com/widdix/i18n-nationality), "
         "© 2016 widdix GmbH, MIT licence.\n"
         "The provinces of cities from country-state-city (GPL-3.0), whose data comes from "
         "the Countries States Cities Database "
         "(https://github.com/dr5hn/countries-states-cities-database), made available under "
         "the Open Database License (ODbL) 1.0."));
  adw_about_window_add_legal_section (
      ADW_ABOUT_WINDOW (about), _ ("Reader mode"), "Copyright (c) 2010 Arc90 Inc",
      GTK_LICENSE_APACHE_2_0,
      /* TRANSLATORS: credits the library that finds an article in its web page */
      _ ("Full articles are found in their web pages by Mozilla Readability "
         "(https://github.com/mozilla/readability)."));
  gtk_window_present (GTK_WINDOW (about));
}
