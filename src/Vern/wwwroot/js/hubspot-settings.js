// HubSpot's own cookie banner stays off: Vern's banner asks, and passes the answer to HubSpot
// through its consent API (_hsp). Must run before the HubSpot loader.
window.disableHubSpotCookieBanner = true;
