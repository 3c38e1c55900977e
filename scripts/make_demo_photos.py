"""Draw the demo photos: stylised aerial views of industrial sites in the Ruhr area.

    python scripts/make_demo_photos.py [--out content/photos]

Every picture is drawn with Pillow from a fixed seed, so a re-run gives the same bytes (with the same
Pillow). Like camera photos straight from a site visit, they carry EXIF with a GPS position, a camera
name and a comment, one is stored sideways with EXIF orientation 6 and one embeds an ICC profile: the
build must strip and apply all of it. Made by the project, CC0 (see content/photos/CREDITS.md).
"""

import argparse
import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter

W, H = 1600, 1067  # 3:2, like a camera
PAD = 300  # drawn larger, then turned by a small angle and cropped: no ruler-straight aerial grid

GRASS = [(98, 128, 62), (112, 140, 70), (86, 116, 58), (124, 146, 80)]
CROPS = [(150, 150, 84), (176, 160, 96), (122, 140, 66), (160, 132, 90), (138, 150, 72)]
ASPHALT, CONCRETE, GRAVEL = (84, 86, 88), (170, 168, 160), (128, 118, 104)
ROOFS = [(200, 200, 196), (176, 180, 184), (150, 156, 160), (128, 72, 60), (90, 100, 110)]
WATER = (46, 84, 96)
TREE = [(44, 72, 40), (54, 84, 46), (38, 62, 36), (62, 92, 52)]


class Scene:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.size = (W + 2 * PAD, H + 2 * PAD)
        self.img = Image.new("RGB", self.size, GRASS[0])
        self.draw = ImageDraw.Draw(self.img, "RGBA")

    # -- ground -------------------------------------------------------------------------------
    def fields(self, box=None, depth=4, palette=CROPS):
        box = box or (0, 0, *self.size)
        x0, y0, x1, y1 = box
        if depth == 0 or (x1 - x0) < 260 or (y1 - y0) < 200:
            colour = self.rng.choice(palette)
            self.draw.rectangle(box, fill=colour)
            step = self.rng.choice([7, 9, 12])
            shade = tuple(max(0, c - 14) for c in colour) + (140,)
            if self.rng.random() < 0.5:
                for x in range(int(x0), int(x1), step):
                    self.draw.line([(x, y0), (x, y1)], fill=shade, width=2)
            else:
                for y in range(int(y0), int(y1), step):
                    self.draw.line([(x0, y), (x1, y)], fill=shade, width=2)
            self.draw.rectangle(box, outline=(70, 90, 50, 160), width=3)  # field margin
            return
        if (x1 - x0) > (y1 - y0):
            cut = x0 + (x1 - x0) * self.rng.uniform(0.35, 0.65)
            self.fields((x0, y0, cut, y1), depth - 1, palette)
            self.fields((cut, y0, x1, y1), depth - 1, palette)
        else:
            cut = y0 + (y1 - y0) * self.rng.uniform(0.35, 0.65)
            self.fields((x0, y0, x1, cut), depth - 1, palette)
            self.fields((x0, cut, x1, y1), depth - 1, palette)

    def area(self, box, colour):
        self.draw.rectangle(box, fill=colour)

    def rubble(self, box, n=900):
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, fill=(132, 120, 100))
        for _ in range(n):
            x, y = self.rng.uniform(x0, x1), self.rng.uniform(y0, y1)
            r = self.rng.uniform(3, 22)
            tone = self.rng.choice([(150, 138, 116), (110, 100, 86), (160, 158, 150), (96, 112, 70),
                                    (120, 140, 80)])
            self.draw.ellipse((x - r, y - r * 0.7, x + r, y + r * 0.7), fill=tone + (200,))
        for _ in range(n // 60):  # broken slabs of old foundations
            x, y = self.rng.uniform(x0, x1 - 120), self.rng.uniform(y0, y1 - 90)
            self.draw.rectangle((x, y, x + self.rng.uniform(40, 140), y + self.rng.uniform(30, 90)),
                                fill=CONCRETE + (230,), outline=(120, 118, 110), width=2)

    # -- lines -------------------------------------------------------------------------------
    def road(self, points, width=34, marking=True):
        self.draw.line(points, fill=(150, 150, 140), width=width + 10, joint="curve")  # verge
        self.draw.line(points, fill=ASPHALT, width=width, joint="curve")
        if marking:
            for (ax, ay), (bx, by) in zip(points, points[1:]):
                length = math.hypot(bx - ax, by - ay)
                for t in range(0, int(length), 60):
                    s, e = t / length, min(1, (t + 30) / length)
                    self.draw.line([(ax + (bx - ax) * s, ay + (by - ay) * s),
                                    (ax + (bx - ax) * e, ay + (by - ay) * e)], fill=(235, 235, 225), width=3)

    def motorway(self, points):
        self.draw.line(points, fill=(120, 140, 80), width=150)
        for offset in (-38, 38):
            self.road([(x, y + offset) for x, y in points], width=56)
        self.draw.line(points, fill=(160, 160, 150), width=6)  # crash barrier

    def rail(self, points, tracks=2):
        spacing = 24
        self.draw.line(points, fill=GRAVEL, width=spacing * tracks + 14)
        for k in range(tracks):
            off = (k - (tracks - 1) / 2) * spacing
            for rail_off in (-5, 5):
                pts = [(x, y + off + rail_off) for x, y in points]
                self.draw.line(pts, fill=(60, 56, 52), width=3)

    def water(self, polygon):
        self.draw.polygon(polygon, fill=WATER)
        xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
        for _ in range(260):
            x, y = self.rng.uniform(min(xs), max(xs)), self.rng.uniform(min(ys), max(ys))
            self.draw.line([(x, y), (x + self.rng.uniform(20, 70), y)], fill=(80, 120, 130, 90), width=2)
        self.draw.polygon(polygon, outline=(150, 150, 140), width=8)  # quay edge

    # -- objects ------------------------------------------------------------------------------
    def hall(self, box, roof=None, skylights=True):
        x0, y0, x1, y1 = box
        roof = roof or self.rng.choice(ROOFS)
        self.draw.polygon([(x1, y0 + 10), (x1 + 40, y0 + 40), (x1 + 40, y1 + 40), (x0 + 20, y1 + 40),
                           (x0, y1)], fill=(0, 0, 0, 90))  # shadow to the south-east
        self.draw.rectangle(box, fill=roof, outline=tuple(c - 30 for c in roof), width=3)
        if skylights:
            vertical = (x1 - x0) > (y1 - y0)
            n = max(2, int(((x1 - x0) if vertical else (y1 - y0)) // 70))
            for k in range(1, n):
                if vertical:
                    x = x0 + (x1 - x0) * k / n
                    self.draw.rectangle((x - 5, y0 + 14, x + 5, y1 - 14), fill=(210, 222, 230))
                else:
                    y = y0 + (y1 - y0) * k / n
                    self.draw.rectangle((x0 + 14, y - 5, x1 - 14, y + 5), fill=(210, 222, 230))
        for _ in range(int((x1 - x0) * (y1 - y0) // 40000)):  # rooftop plant
            x, y = self.rng.uniform(x0 + 20, x1 - 40), self.rng.uniform(y0 + 20, y1 - 40)
            self.draw.rectangle((x, y, x + 18, y + 14), fill=(110, 110, 110), outline=(70, 70, 70))

    def docks(self, x0, x1, y, doors=True):
        for x in range(int(x0) + 20, int(x1) - 30, 34):
            self.draw.rectangle((x, y, x + 22, y + 14), fill=(60, 60, 64))
            if doors and self.rng.random() < 0.55:  # a lorry at the door
                self.draw.rectangle((x - 2, y + 16, x + 24, y + 96), fill=(230, 230, 226), outline=(90, 90, 90))
                self.draw.rectangle((x + 2, y + 96, x + 20, y + 118), fill=self.rng.choice(
                    [(180, 40, 40), (40, 70, 140), (230, 230, 230), (40, 110, 60)]))

    def parking(self, box, fill_ratio=0.7):
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, fill=ASPHALT)
        for row_y in range(int(y0) + 10, int(y1) - 50, 110):
            for x in range(int(x0) + 8, int(x1) - 26, 28):
                self.draw.line([(x, row_y), (x, row_y + 46)], fill=(225, 225, 215), width=2)
                if self.rng.random() < fill_ratio:
                    colour = self.rng.choice([(200, 200, 205), (30, 30, 34), (150, 30, 30), (60, 80, 130),
                                              (180, 180, 170), (90, 90, 95)])
                    self.draw.rounded_rectangle((x + 5, row_y + 4, x + 23, row_y + 44), 5, fill=colour)

    def trees(self, box, n=60, radius=(10, 26)):
        x0, y0, x1, y1 = box
        for _ in range(n):
            x, y = self.rng.uniform(x0, x1), self.rng.uniform(y0, y1)
            r = self.rng.uniform(*radius)
            self.draw.ellipse((x - r + r * 0.5, y - r + r * 0.5, x + r + r * 0.5, y + r + r * 0.5),
                              fill=(0, 0, 0, 70))
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=self.rng.choice(TREE))
            self.draw.ellipse((x - r * 0.5, y - r * 0.6, x + r * 0.2, y), fill=(90, 120, 70, 120))

    def tree_row(self, a, b, spacing=40):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        for t in range(0, int(length), spacing):
            x, y = a[0] + (b[0] - a[0]) * t / length, a[1] + (b[1] - a[1]) * t / length
            self.trees((x - 2, y - 2, x + 2, y + 2), n=1, radius=(14, 20))

    def containers(self, box):
        x0, y0, x1, y1 = box
        self.draw.rectangle(box, fill=CONCRETE)
        for y in range(int(y0) + 10, int(y1) - 30, 34):
            for x in range(int(x0) + 10, int(x1) - 70, 66):
                if self.rng.random() < 0.8:
                    colour = self.rng.choice([(170, 50, 40), (40, 80, 150), (60, 120, 70), (210, 140, 40),
                                              (120, 120, 120), (160, 90, 50)])
                    self.draw.rectangle((x, y, x + 60, y + 26), fill=colour, outline=(40, 40, 40))

    def tanks(self, centres, r):
        for x, y in centres:
            self.draw.ellipse((x - r + 18, y - r + 18, x + r + 18, y + r + 18), fill=(0, 0, 0, 90))
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=(214, 214, 208), outline=(120, 120, 120), width=4)
            self.draw.ellipse((x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6), outline=(180, 180, 175), width=3)

    def solar(self, box, tilt_rows=True):
        x0, y0, x1, y1 = box
        for y in range(int(y0), int(y1) - 24, 44):
            self.draw.rectangle((x0, y, x1, y + 24), fill=(34, 48, 86), outline=(150, 160, 180))
            for x in range(int(x0), int(x1), 40):
                self.draw.line([(x, y), (x, y + 24)], fill=(80, 96, 130), width=1)

    def headframe(self, x, y):
        """A pit headframe seen from above, betrayed by its long shadow."""
        self.draw.polygon([(x, y), (x + 60, y), (x + 360, y + 230), (x + 300, y + 250)], fill=(0, 0, 0, 110))
        self.draw.rectangle((x - 40, y - 40, x + 60, y + 50), fill=(120, 50, 40), outline=(70, 30, 25), width=5)
        for k in range(-40, 60, 20):
            self.draw.line([(x + k, y - 40), (x + k + 20, y + 50)], fill=(80, 36, 30), width=3)
        self.draw.ellipse((x - 30, y - 70, x + 50, y - 30), outline=(60, 60, 60), width=6)  # sheave wheel

    def crane(self, x, y0, y1):
        self.draw.line([(x + 30, y0 + 30), (x + 30, y1 + 30)], fill=(0, 0, 0, 90), width=18)
        self.draw.line([(x, y0), (x, y1)], fill=(230, 180, 30), width=18)
        self.draw.rectangle((x - 30, y0 + 120, x + 30, y0 + 190), fill=(200, 150, 20), outline=(90, 70, 20))

    def chimney(self, x, y):
        self.draw.line([(x, y), (x + 260, y + 150)], fill=(0, 0, 0, 110), width=22)
        self.draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=(150, 80, 60), outline=(60, 40, 30), width=5)
        self.draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=(30, 30, 30))

    # -- finish -------------------------------------------------------------------------------
    def finish(self, angle):
        img = self.img.rotate(angle, resample=Image.Resampling.BICUBIC, center=(self.size[0] / 2, self.size[1] / 2))
        img = img.crop((PAD, PAD, PAD + W, PAD + H))
        # Camera look: a little softness, uneven light and sensor grain.
        img = img.filter(ImageFilter.GaussianBlur(0.8))
        light = Image.frombytes("L", (16, 11), self.rng.randbytes(16 * 11)).resize((W, H), Image.Resampling.BICUBIC)
        light = light.point(lambda v: 232 + v * 23 // 255)  # 91 % .. 100 % brightness
        img = ImageChops.multiply(img, Image.merge("RGB", [light] * 3))
        grain = Image.frombytes("L", (W, H), self.rng.randbytes(W * H)).filter(ImageFilter.GaussianBlur(0.7))
        grain = grain.point(lambda v: max(0, min(12, (v - 128) * 12 // 30 + 6)))
        img = ImageChops.add(img, Image.merge("RGB", [grain] * 3), offset=-6)
        return img


# -- the twelve scenes (x, y in the padded canvas: 0..2200 x 0..1667) ------------------------------
def gewerbeflaeche_hafen(s):
    s.fields(palette=GRASS)
    s.water([(0, 1000), (2200, 900), (2200, 1667), (0, 1667)])
    s.area((0, 560, 2200, 930), CONCRETE)
    s.containers((300, 620, 1300, 900))
    for x in (1450, 1650):
        s.crane(x, 700, 1100)
    s.hall((1500, 420, 2000, 640))
    s.rail([(0, 540), (2200, 470)], tracks=3)
    s.road([(0, 380), (2200, 300)])
    s.rubble((400, 100, 1300, 340), n=500)


def logistikhalle(s):
    s.fields()
    s.area((300, 300, 1900, 1400), CONCRETE)
    s.hall((450, 420, 1650, 860), roof=(205, 205, 200))
    s.docks(450, 1650, 862)
    s.parking((1700, 400, 1880, 1300), fill_ratio=0.5)
    s.road([(0, 1450), (2200, 1450)], width=40)
    s.road([(1000, 1450), (1000, 1250)], width=30, marking=False)
    s.tree_row((300, 1380), (1900, 1380))
    s.trees((0, 0, 2200, 260), n=70)


def brachflaeche_zeche(s):
    s.fields(palette=GRASS)
    s.rubble((200, 250, 2000, 1450), n=1600)
    s.headframe(800, 600)
    s.hall((1300, 350, 1700, 560), roof=(128, 72, 60), skylights=False)
    s.chimney(1500, 800)
    s.rail([(0, 1500), (2200, 1380)], tracks=2)
    s.trees((200, 250, 2000, 1450), n=140, radius=(8, 22))
    s.road([(0, 200), (2200, 220)], width=30)


def technologiepark(s):
    s.fields(palette=GRASS, depth=2)
    s.road([(0, 820), (2200, 820)])
    s.road([(1100, 0), (1100, 1667)])
    for box in [(350, 420, 760, 640), (1250, 420, 1550, 700), (350, 980, 620, 1300), (1300, 1000, 1800, 1200)]:
        s.hall(box, roof=s.rng.choice([(196, 198, 200), (90, 100, 110), (150, 156, 160)]), skylights=False)
    s.solar((1320, 1020, 1780, 1180))
    s.parking((700, 980, 1020, 1300), fill_ratio=0.6)
    s.trees((0, 0, 2200, 1667), n=160, radius=(12, 28))
    s.water([(1600, 300), (1900, 260), (1960, 520), (1650, 600)])


def gleisanschluss(s):
    s.fields()
    s.area((0, 600, 2200, 1100), GRAVEL)
    for k, y in enumerate((680, 760, 840, 920, 1000)):
        s.rail([(0, y), (2200, y - 40 + k * 8)], tracks=1)
    s.hall((500, 300, 1500, 560), roof=(176, 180, 184))
    s.docks(500, 1500, 560, doors=False)
    s.area((200, 1150, 2000, 1500), (150, 170, 90))
    s.road([(0, 1560), (2200, 1520)])


def industriegebiet_kanal(s):
    s.fields()
    s.water([(0, 700), (2200, 620), (2200, 820), (0, 900)])
    s.road([(0, 560), (2200, 480)])
    for x in (200, 800, 1400):
        s.hall((x, 150, x + 480, 430))
    s.tanks([(400, 1100), (560, 1100), (400, 1260), (560, 1260)], 70)
    s.hall((900, 1000, 1700, 1300), roof=(150, 156, 160))
    s.parking((1750, 1000, 2000, 1300))
    s.trees((0, 1350, 2200, 1667), n=90)


def gewerbegebiet_autobahn(s):
    s.fields()
    s.motorway([(0, 900), (2200, 760)])
    s.road([(900, 0), (1200, 1667)])
    s.road([(700, 700), (1000, 820)], width=26, marking=False)
    s.road([(1300, 980), (1650, 860)], width=26, marking=False)
    s.hall((200, 200, 800, 560))
    s.hall((1400, 250, 2000, 600), roof=(205, 205, 200))
    s.parking((1400, 1100, 1900, 1400))
    s.rubble((200, 1100, 900, 1500), n=300)


def stahlwerk_areal(s):
    s.fields(palette=GRASS, depth=2)
    s.area((100, 100, 2100, 1550), (112, 104, 96))
    s.hall((200, 200, 1400, 520), roof=(110, 90, 80))
    s.hall((200, 620, 1100, 900), roof=(90, 100, 110))
    s.chimney(1600, 400)
    s.chimney(1750, 420)
    s.tanks([(1600, 800), (1800, 800)], 90)
    for k in range(4):
        s.rail([(0, 1000 + k * 70), (2200, 1040 + k * 70)], tracks=1)
    s.rubble((1200, 1250, 2100, 1550), n=500)


def solarpark_halde(s):
    s.fields(palette=GRASS)
    s.draw.ellipse((300, 200, 1900, 1500), fill=(120, 132, 84))  # the spoil tip
    s.draw.ellipse((500, 350, 1700, 1350), fill=(132, 140, 92))
    s.solar((600, 500, 1600, 1200))
    s.road([(0, 1550), (2200, 1500)])
    s.road([(1100, 1520), (1000, 1250)], width=20, marking=False)
    s.trees((100, 100, 2100, 1600), n=120)


def innovationsquartier(s):
    s.fields(palette=GRASS, depth=1)
    for y in (500, 1100):
        s.road([(0, y), (2200, y)])
    for x in (700, 1500):
        s.road([(x, 0), (x, 1667)])
    for box in [(200, 150, 600, 430), (820, 150, 1400, 420), (200, 600, 600, 1000), (820, 620, 1100, 1000),
                (1600, 600, 2000, 1000), (820, 1200, 1400, 1500)]:
        s.hall(box, roof=s.rng.choice([(200, 200, 196), (128, 72, 60), (90, 100, 110)]), skylights=False)
    s.area((1180, 620, 1420, 1000), (96, 140, 70))
    s.trees((1180, 620, 1420, 1000), n=30)
    s.tree_row((0, 530), (2200, 530))
    s.parking((1600, 1200, 2000, 1500))


def wasserstoff_elektrolyseur(s):
    s.fields()
    s.area((300, 300, 1900, 1300), CONCRETE)
    s.hall((400, 380, 1100, 700), roof=(196, 198, 200))
    s.tanks([(1300, 500), (1480, 500), (1660, 500)], 70)
    for x in range(450, 1100, 90):
        s.draw.rectangle((x, 860, x + 60, 1000), fill=(230, 230, 230), outline=(90, 90, 90), width=3)
    s.solar((1250, 800, 1850, 1200))
    s.road([(0, 1400), (2200, 1380)])
    s.rail([(0, 220), (2200, 200)], tracks=1)


def freiflaeche_acker(s):
    s.fields(depth=5)
    s.road([(0, 1000), (900, 900), (2200, 950)], width=26)
    s.tree_row((0, 1040), (900, 940))
    s.trees((1700, 100, 2100, 600), n=80)
    s.rail([(0, 300), (2200, 420)], tracks=2)


SCENES = [
    ("gewerbeflaeche-hafen", gewerbeflaeche_hafen, 4.0, (51.4540, 6.7330)),
    ("logistikhalle", logistikhalle, -3.0, (51.5750, 7.2100)),
    ("brachflaeche-zeche", brachflaeche_zeche, 6.0, (51.5330, 7.1540)),
    ("technologiepark", technologiepark, -2.0, (51.4920, 7.4160)),
    ("gleisanschluss", gleisanschluss, 8.0, (51.5300, 7.4920)),
    ("industriegebiet-kanal", industriegebiet_kanal, -5.0, (51.5480, 7.2000)),
    ("gewerbegebiet-autobahn", gewerbegebiet_autobahn, 3.0, (51.4390, 7.3300)),
    ("stahlwerk-areal", stahlwerk_areal, -7.0, (51.4740, 6.7560)),
    ("solarpark-halde", solarpark_halde, 2.0, (51.5660, 6.9550)),
    ("innovationsquartier", innovationsquartier, -1.0, (51.4480, 7.0100)),
    ("wasserstoff-elektrolyseur", wasserstoff_elektrolyseur, 5.0, (51.6110, 7.3660)),
    ("freiflaeche-acker", freiflaeche_acker, -4.0, (51.6200, 7.6700)),
]
SIDEWAYS = "gleisanschluss"  # stored turned, with EXIF orientation 6, like a camera held upright
WITH_ICC = "technologiepark"  # embeds an (sRGB) ICC profile


def camera_exif(name, lat, lon):
    """EXIF as a phone writes it, including the photographer's GPS position (the build strips it)."""
    exif = Image.Exif()
    exif[0x010F] = "Projekt Metropole Ruhr (Demo)"  # Make
    exif[0x0110] = "Prozedurale Luftbildkamera"  # Model
    exif[0x010E] = f"Demo-Luftbild {name}"  # ImageDescription
    exif[0x0131] = "scripts/make_demo_photos.py"  # Software
    exif[0x0132] = "2026:06:01 10:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)

    def dms(value):
        d = int(value)
        m = int((value - d) * 60)
        return (float(d), float(m), round(((value - d) * 60 - m) * 60, 2))

    gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "E", dms(lon)
    return exif


def srgb_profile():
    """LittleCMS's sRGB profile with a fixed date (and so no profile ID): the same bytes every run."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xEA, 0, 6, 0, 1, 0, 10, 0, 0, 0, 0])  # 2026-06-01 10:00:00
    data[84:100] = bytes(16)
    return bytes(data)


def make(out_dir, only=None):
    """Draw the scenes (or those named in `only`) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for seed, (name, draw_scene, angle, (lat, lon)) in enumerate(SCENES, start=1):
        if only is not None and name not in only:
            continue
        scene = Scene(seed)
        draw_scene(scene)
        img = scene.finish(angle)
        exif = camera_exif(name, lat, lon)
        options = {"quality": 75, "comment": f"{name}: made by the project, CC0"}
        if name == SIDEWAYS:
            img = img.transpose(Image.Transpose.ROTATE_90)  # sensor data sideways ...
            exif[0x0112] = 6  # ... and the viewer told to turn it 90° clockwise
        if name == WITH_ICC:
            options["icc_profile"] = srgb_profile()
        path = out_dir / f"{name}.jpg"
        img.save(path, "JPEG", exif=exif, **options)
        print(f"{path}  {path.stat().st_size // 1024} KB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "content" / "photos")
    make(parser.parse_args().out)


if __name__ == "__main__":
    main()
