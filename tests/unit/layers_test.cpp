// The layer table: for every pair of layers that both want the screen, the higher one in
// kLayerOrder wins, whatever else wants it too.

#include "kiosk/app/layers.h"

#include <doctest/doctest.h>

using namespace kiosk::app;

namespace {

LayerWants wanting(Layer layer, LayerWants wants = {}) {
    switch (layer) {
    case Layer::Alert:
        wants.alert = true;
        break;
    case Layer::Announcement:
        wants.announcement = true;
        break;
    case Layer::Interactive:
        wants.interactive = true;
        break;
    case Layer::Signage:
        wants.signage = true;
        break;
    case Layer::Default:
        break;
    }
    return wants;
}

} // namespace

TEST_CASE("layers: alert > announcement > interactive > signage > default, every pair") {
    CHECK(top_layer({}) == Layer::Default);
    for (size_t high = 0; high < kLayerOrder.size(); ++high) {
        CHECK(top_layer(wanting(kLayerOrder[high])) == kLayerOrder[high]);
        for (size_t low = high + 1; low < kLayerOrder.size(); ++low) {
            const Layer winner = top_layer(wanting(kLayerOrder[high], wanting(kLayerOrder[low])));
            CHECK_MESSAGE(winner == kLayerOrder[high], layer_name(kLayerOrder[high]), " over ",
                          layer_name(kLayerOrder[low]));
        }
    }
    // Everything at once: the alert.
    CHECK(top_layer({true, true, true, true}) == Layer::Alert);
    CHECK(layer_name(Layer::Signage) == "signage");
}
