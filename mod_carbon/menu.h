/* menu.h: the menu tree of MISSION.md ("Menus"), for the signed-in role. */
#ifndef CARBON_MENU_H
#define CARBON_MENU_H

#include "carbon.h"

/* [{"label", "items": [{"label", "href", "items"?}]}] for cr->user's role;
 * an empty array when signed out. */
json_t *carbon_menu_for(carbon_req *cr);

#endif
