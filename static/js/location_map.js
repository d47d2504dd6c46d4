// The decision step's place (KP-4): an address search through the portal's address service (the keyboard's
// way), a map to click (an outline of Denmark drawn from a static GeoJSON file, or tiles when a tile server is
// set), and the coordinates under "Angiv koordinater" as the fallback. Without this script: the address and
// the coordinates are typed.
document.addEventListener("DOMContentLoaded", function () {
  var address = document.getElementById("id_address");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var search = document.querySelector("[data-address-search]");
  if (!address || !lat || !lon) return;

  var marker = null;
  var map = null;
  var element = document.getElementById("location-map");

  function parse(value) {
    var number = parseFloat(String(value || "").replace(",", "."));
    return isNaN(number) ? null : number;
  }

  function setPoint(latValue, lonValue, zoom) {
    lat.value = Number(latValue).toFixed(6);
    lon.value = Number(lonValue).toFixed(6);
    if (!map) return;
    var point = [Number(latValue), Number(lonValue)];
    if (marker) marker.setLatLng(point);
    else marker = window.L.marker(point, { keyboard: false }).addTo(map);
    if (zoom) map.setView(point, Math.max(map.getZoom(), zoom));
  }

  // --- the map -------------------------------------------------------------------------------------------
  if (element && window.L) {
    document.querySelector("[data-location-map-group]").hidden = false;
    var startLat = parse(lat.value);
    var startLon = parse(lon.value);
    var start = startLat !== null && startLon !== null ? [startLat, startLon] : null;
    map = window.L.map(element, { minZoom: 5, maxZoom: element.dataset.tiles ? 19 : 12 }).setView(
      start || [56.1, 10.9], start ? 11 : 6
    );
    if (element.dataset.tiles) {
      window.L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 }).addTo(map);
    } else {
      fetch(element.dataset.outline, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (outline) {
          if (!outline) return;
          window.L.geoJSON(outline, {
            interactive: false,
            style: { color: "#2b6a33", weight: 1, fillColor: "#f5f2e6", fillOpacity: 1 },
          }).addTo(map);
        });
    }
    if (start) marker = window.L.marker(start, { keyboard: false }).addTo(map);
    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng);
    });
  }

  // --- the address search --------------------------------------------------------------------------------
  if (!search || !window.fetch) return;
  search.hidden = false;
  var button = search.querySelector("[data-address-search-button]");
  var status = search.querySelector("[data-address-status]");
  var hits = search.querySelector("[data-address-hits]");

  function say(text) {
    status.textContent = text;
  }

  function choose(hit) {
    address.value = hit.text;
    setPoint(hit.lat, hit.lon, element && element.dataset.tiles ? 15 : 9);
    hits.textContent = "";
    say(search.dataset.chosen.replace("{address}", hit.text));
    address.focus();
  }

  function show(answer) {
    hits.textContent = "";
    say(answer.message || "");
    (answer.hits || []).forEach(function (hit) {
      var item = document.createElement("li");
      var choice = document.createElement("button");
      choice.type = "button";
      choice.className = "button button-tertiary mt-2";
      choice.textContent = search.dataset.choose.replace("{address}", hit.text);
      choice.addEventListener("click", function () { choose(hit); });
      item.appendChild(choice);
      hits.appendChild(item);
    });
    if (answer.hits && answer.hits.length) {
      say(search.dataset.found.replace("{count}", String(answer.hits.length)));
      hits.querySelector("button").focus();
    }
  }

  button.addEventListener("click", function () {
    say(search.dataset.searching);
    fetch(search.dataset.url + "?q=" + encodeURIComponent(address.value), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (response.headers.get("Content-Type") !== "application/json") throw new Error("not JSON");
        return response.json();
      })
      .then(show)
      .catch(function () { say(search.dataset.failed); });
  });
});
