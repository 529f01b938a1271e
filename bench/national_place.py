"""Simulation: how often the check "are these national figures the run place's?" (inputs/national_place.py)
questions a place's own figures, and how often it names the right place when the figures are another's.

For every place with all nine figures of the example folder (emigrant and immigrant stocks by sex,
remittances received and sent, refugees hosted), the place's own published figures times random noise
(log-normal, sigma 10 %, 20 %, 30 %) are checked for the place itself and for a random other place.
Run: `python bench/national_place.py` (about a minute; fixed seed, so the figures repeat).
"""

from __future__ import annotations

import numpy as np

from mmdp.data.loaders import load_countries
from mmdp.inputs.national import read_national
from mmdp.inputs.national_place import national_figures, place_problems, published_values
from mmdp.paths import examples_dir


def main() -> None:
    figures = national_figures(read_national(examples_dir() / "national"))
    values, years, sources = published_values(figures)
    names = dict(zip(load_countries().iso3, load_countries().name))
    rng = np.random.default_rng(7)
    places = values.dropna().index
    print(f"{len(places)} places with all {len(figures)} figures")
    for sigma in (0.1, 0.2, 0.3):
        for k in (3, 4, len(figures)):
            named_own = flagged_own = named_right = 0
            for place in places:
                chosen = figures.sample(k, random_state=int(rng.integers(1e9))) if k < len(figures) else figures
                noisy = chosen.assign(value=[values.at[place, f] * float(np.exp(rng.normal(0, sigma))) for f in chosen.figure],
                                      year=[int(years.at[place, f]) for f in chosen.figure])
                own = place_problems(place, noisy, values, years, sources, names)
                named_own += any("look like" in m for _, m in own)
                flagged_own += bool(own)
                other = place_problems(rng.choice(places.drop(place)), noisy, values, years, sources, names)
                named_right += any(f"look like {names[place]}'s" in m for _, m in other)
            n = len(places)
            print(f"noise {sigma:.0%}, {k} figures: own figures questioned {flagged_own / n:.1%} (called another's {named_own / n:.1%}); "
                  f"checked for a wrong place, the right place named {named_right / n:.1%}")


if __name__ == "__main__":
    main()
