// A point on a map fills the latitude and longitude fields (KP-4). Only loaded when a tile server is set.
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("location-map");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  if (!element || !lat || !lon || !window.L) return;
  var start = lat.value && lon.value ? [parseFloat(lat.value.replace(",", ".")), parseFloat(lon.value.replace(",", "."))] : null;
  var map = window.L.map(element).setView(start || [56.2, 10.5], start ? 14 : 6);
  window.L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 }).addTo(map);
  var marker = start ? window.L.marker(start).addTo(map) : null;
  map.on("click", function (event) {
    var point = event.latlng;
    lat.value = point.lat.toFixed(6);
    lon.value = point.lng.toFixed(6);
    if (marker) marker.setLatLng(point); else marker = window.L.marker(point).addTo(map);
  });
});
