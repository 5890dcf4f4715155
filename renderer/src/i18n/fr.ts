import type { Catalogue } from './strings.js';

/**
 * French: the top bar, its menus and the tab names only, to prove the mechanism. Every other key falls
 * back to English until a translator adds it here.
 */
export const fr: Catalogue = {
  'tab.monitoring': 'Surveillance',
  'tab.dashboard': 'Tableau de bord',
  'tab.assets': 'Équipements',
  'tab.integration': 'Appareils et intégration',
  'tab.rules': 'Règles',
  'tab.incidents': 'Incidents',
  'tab.reports': 'Rapports',
  'tab.settings': 'Paramètres',
  'top.demoOff': 'Arrêter la démo',
  'top.demoOn': 'Lancer la démo',
  'top.demoOffConfirm': 'Arrêter la démo ? Ses appareils, caméras et portes simulés et leurs alarmes sont supprimés.',
  'top.mute': 'Couper le son',
  'top.unmute': 'Rétablir le son',
  'top.soundsOn': 'Les sons d’alarme sont actifs : cliquer pour les couper',
  'top.soundsOff': 'Les sons d’alarme sont coupés : cliquer pour les rétablir',
  'top.help': 'Aide',
  'top.helpTitle': 'Raccourcis clavier (?)',
  'top.search': 'Rechercher',
  'top.searchTitle': 'Rechercher appareils, équipements et alarmes (Ctrl+K)',
  'top.myPassword': 'Mon mot de passe…',
  'top.display': 'Affichage…',
  'top.logOut': 'Se déconnecter',
  'top.demoTitle': 'Appareils HALO simulés ; pas un site réel',
  'display.title': 'Affichage',
  'display.theme': 'Thème',
  'display.night': 'Nuit (sombre)',
  'display.day': 'Jour (clair)',
  'display.fontSize': 'Taille du texte',
  'display.language': 'Langue',
  'display.note': 'Conservé dans ce navigateur pour {user}.',
  'display.close': 'Fermer',
};
