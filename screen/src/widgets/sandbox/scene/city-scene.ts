// The sandbox's Cesium city, offline: no imagery, no terrain server, no ion; a dark globe of its
// own colour, buildings, area outlines and live points. Renders only when something changes
// (requestRenderMode); this module is the lazily loaded chunk that carries Cesium.
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Cartographic,
  CesiumWidget,
  Color,
  EllipsoidTerrainProvider,
  HeadingPitchRange,
  Math as CesiumMath,
  Matrix4,
  PrimitiveCollection,
  SceneTransforms,
  Transforms,
  type PolylineCollection,
} from '@cesium/engine';
import { decodeBuildings } from '../../../../../gateway/protocol/buildings-format.js';
import type { AreasResponse } from '../../../net/protocol.js';
import type { CameraPose } from '../view-sync.js';
import type { SharedCamera } from '../../../net/protocol.js';
import { extentOf, outlines, veil } from './boundaries.js';
import { buildingsLayer, type BuildingsLayer } from './buildings.js';
import { BuildingIndex, caseColour, changedBuildings, openCasesByBuilding } from '../building-cases.js';
import { buildingColour, type Rgba } from '../marks.js';
import type { Buildings } from '../../../../../gateway/protocol/buildings-format.js';
import { LivePoints, type PickTag } from './live-points.js';

type Feature = AreasResponse['features'][number];
export type BuildingColouring = 'height' | 'cases';
export type Extent = [number, number, number, number];

/** Below this camera height the grid outlines of the street show. */
const GRID_ZOOM_M = 9000;
const TOP_DOWN = -Math.PI / 2;
const TILTED = CesiumMath.toRadians(-42);

export interface PickResult {
  tag: PickTag | null;
  /** where the click met the ground */
  lon: number | null;
  lat: number | null;
}

export interface AreaLayers {
  /** the scope's own outline(s) */
  scope: readonly Feature[];
  /** the areas one level down */
  children: readonly Feature[];
  /** the grids of the scope (street scopes): shown at street zoom */
  grids: readonly Feature[];
  /** the whole area the screen knows, for the veil around a narrower scope; null: no veil */
  around: Extent | null;
}

export class CityScene {
  readonly widget: CesiumWidget;
  readonly events = new LivePoints('event');
  readonly cameras = new LivePoints('camera');
  readonly workers = new LivePoints('worker');
  readonly devices = new LivePoints('device');
  /** frames rendered, for the idle benchmark */
  frames = 0;
  private buildings: BuildingsLayer | null = null;
  private buildingData: Buildings | null = null;
  private buildingIndex: BuildingIndex | null = null;
  private colouring: BuildingColouring = 'height';
  /** the open cases the screen holds, and how many lie in each building */
  private openCases: readonly { lon: number; lat: number }[] = [];
  private casesByBuilding = new Map<number, number>();
  private readonly areaLayer = new PrimitiveCollection({ destroyPrimitives: true });
  private gridLines: PolylineCollection | null = null;
  private topDown = false;
  private readonly renderListeners = new Set<() => void>();

  /** `pixelRatio`: device pixels per CSS pixel of the canvas (the design canvas's scale × the device's) */
  constructor(container: HTMLElement, pixelRatio = 1) {
    const credits = document.createElement('div');
    credits.style.display = 'none';
    this.widget = new CesiumWidget(container, {
      baseLayer: false,
      terrainProvider: new EllipsoidTerrainProvider(),
      skyBox: false,
      skyAtmosphere: false,
      scene3DOnly: true,
      requestRenderMode: true,
      maximumRenderTimeChange: Number.POSITIVE_INFINITY,
      creditContainer: credits,
      msaaSamples: 1,
      shadows: false,
    });
    this.setPixelRatio(pixelRatio);
    const scene = this.widget.scene;
    scene.backgroundColor = Color.fromCssColorString('#02060f');
    scene.globe.baseColor = Color.fromCssColorString('#061a33');
    scene.globe.showGroundAtmosphere = false;
    scene.globe.enableLighting = false;
    scene.globe.depthTestAgainstTerrain = false;
    scene.fog.enabled = false;
    if (scene.sun) scene.sun.show = false;
    if (scene.moon) scene.moon.show = false;
    scene.primitives.add(this.areaLayer);
    scene.primitives.add(this.cameras.collection);
    scene.primitives.add(this.workers.collection);
    scene.primitives.add(this.devices.collection);
    scene.primitives.add(this.events.collection);
    scene.postRender.addEventListener(() => {
      this.frames++;
      for (const f of this.renderListeners) f();
    });
    scene.camera.percentageChanged = 0.05;
    scene.camera.changed.addEventListener(() => this.updateGridVisibility());
  }

  get scene() {
    return this.widget.scene;
  }

  onRender(f: () => void): () => void {
    this.renderListeners.add(f);
    return () => this.renderListeners.delete(f);
  }

  /**
   * Draws at device pixels: inside a CSS-scaled design canvas (a 4K panel shows the 1080p layout
   * ×2) the canvas's CSS size is the design size, so Cesium's own sizing would draw a bitmap
   * half the size and let the browser stretch it.
   */
  setPixelRatio(ratio: number): void {
    if (this.widget.resolutionScale === ratio) return;
    this.widget.resolutionScale = ratio;
    this.requestRender();
  }

  requestRender(): void {
    this.scene.requestRender();
  }

  /** Decodes GET /api/buildings and builds the batches; resolves once every building is drawn. */
  async loadBuildings(bytes: ArrayBuffer): Promise<number> {
    const data = decodeBuildings(bytes);
    const index = new BuildingIndex(data);
    const counts = openCasesByBuilding(index, this.openCases);
    const builtAs = this.colouring;
    const layer = await buildingsLayer(data, (i) => this.colourFor(data, counts, i));
    if (this.widget.isDestroyed()) return 0;
    if (this.buildings) this.scene.primitives.remove(this.buildings.collection);
    this.buildings = layer;
    this.buildingData = data;
    this.buildingIndex = index;
    this.casesByBuilding = counts;
    // under the outlines and the live points
    this.scene.primitives.add(layer.collection, 0);
    // Batches are combined in workers; render until they are uploaded, then go idle.
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (this.widget.isDestroyed()) {
          clearInterval(tick);
          resolve();
          return;
        }
        this.requestRender();
        if (layer.ready()) {
          clearInterval(tick);
          this.requestRender();
          resolve();
        }
      }, 100);
    });
    // a colouring chosen and cases that arrived while the batches were building
    if (this.colouring !== builtAs) {
      const wanted = this.colouring;
      this.colouring = builtAs;
      this.setBuildingColouring(wanted);
    }
    this.setOpenCases(this.openCases);
    return layer.count;
  }

  private colourFor(data: Buildings, counts: ReadonlyMap<number, number>, i: number): Rgba {
    return this.colouring === 'cases' ? caseColour(counts.get(i) ?? 0) : buildingColour(data.height(i));
  }

  /**
   * The open cases the screen holds now: each building's count is kept, and in the cases
   * colouring only the buildings whose count changed are recoloured (instance attributes).
   */
  setOpenCases(cases: readonly { lon: number; lat: number }[]): void {
    this.openCases = cases;
    const { buildings, buildingData, buildingIndex } = this;
    if (!buildings || !buildingData || !buildingIndex || !buildings.ready()) return;
    const counts = openCasesByBuilding(buildingIndex, cases);
    const changed = changedBuildings(this.casesByBuilding, counts);
    this.casesByBuilding = counts;
    if (this.colouring !== 'cases' || changed.length === 0) return;
    for (const i of changed) buildings.setColour(i, caseColour(counts.get(i) ?? 0));
    this.requestRender();
  }

  /** Colour by height or by open cases inside: every building recoloured in place. */
  setBuildingColouring(mode: BuildingColouring): void {
    if (mode === this.colouring) return;
    this.colouring = mode;
    const { buildings, buildingData } = this;
    if (!buildings || !buildingData || !buildings.ready()) return;
    for (let i = 0; i < buildingData.count; i++) if ((buildingData.vertexCount[i] ?? 0) >= 3) buildings.setColour(i, this.colourFor(buildingData, this.casesByBuilding, i));
    this.requestRender();
  }

  /** For the tests: the building at a point, its drawn colour, its open cases, the batches. */
  buildingProbe() {
    return {
      at: (lon: number, lat: number) => this.buildingIndex?.buildingAt(lon, lat) ?? -1,
      footprint: (i: number) => this.buildingData?.footprint(i) ?? null,
      colour: (i: number) => this.buildings?.colourOf(i) ?? null,
      openCases: (i: number) => this.casesByBuilding.get(i) ?? 0,
      primitives: () => this.buildings?.primitives ?? [],
      colouring: () => this.colouring,
    };
  }

  setAreas(a: AreaLayers): void {
    this.areaLayer.removeAll();
    if (a.around) this.areaLayer.add(veil(a.scope, a.around));
    this.areaLayer.add(outlines(a.children, Color.fromCssColorString('#3fa9ff').withAlpha(0.55), 1.5));
    this.areaLayer.add(outlines(a.scope, Color.fromCssColorString('#7dd3fc'), 3));
    this.gridLines = a.grids.length > 0 ? (this.areaLayer.add(outlines(a.grids, Color.fromCssColorString('#22d3ee').withAlpha(0.4), 1)) as PolylineCollection) : null;
    this.updateGridVisibility();
    this.requestRender();
  }

  private updateGridVisibility(): void {
    if (!this.gridLines) return;
    const show = this.scene.camera.positionCartographic.height < GRID_ZOOM_M;
    if (this.gridLines.show !== show) {
      this.gridLines.show = show;
      this.requestRender();
    }
  }

  /** Flies to frame an extent (the scope, a selected area), tilted or straight down. */
  flyToExtent(e: Extent, duration = 1.5): void {
    const [w, s, east, n] = e;
    const corners = Cartesian3.fromDegreesArray([w, s, east, s, east, n, w, n]);
    const sphere = BoundingSphere.fromPoints(corners);
    const range = (sphere.radius / Math.tan(this.fovy() / 2)) * 0.8;
    const offset = new HeadingPitchRange(0, this.topDown ? TOP_DOWN : TILTED, range);
    if (duration > 0) this.scene.camera.flyToBoundingSphere(sphere, { offset, duration });
    else {
      this.scene.camera.viewBoundingSphere(sphere, offset);
      this.scene.camera.lookAtTransform(Matrix4.IDENTITY);
      this.requestRender();
    }
  }

  flyToPoint(lon: number, lat: number, rangeM = 1800, duration = 1.2): void {
    const sphere = new BoundingSphere(Cartesian3.fromDegrees(lon, lat, 0), 1);
    this.scene.camera.flyToBoundingSphere(sphere, { offset: new HeadingPitchRange(this.scene.camera.heading, this.topDown ? TOP_DOWN : TILTED, rangeM), duration });
  }

  /** 2D top-down for precise dispatch: straight down, no tilt; 3D: tilted, free. */
  setTopDown(on: boolean): void {
    this.topDown = on;
    const c = this.scene.screenSpaceCameraController;
    c.enableTilt = !on;
    c.enableLook = !on;
    const centre = this.groundAt(this.canvasCentre());
    if (centre) {
      const range = Cartesian3.distance(this.scene.camera.positionWC, Cartesian3.fromRadians(centre.longitude, centre.latitude, 0));
      this.scene.camera.flyToBoundingSphere(new BoundingSphere(Cartesian3.fromRadians(centre.longitude, centre.latitude, 0), 1), {
        offset: new HeadingPitchRange(this.scene.camera.heading, on ? TOP_DOWN : TILTED, range),
        duration: 0.8,
      });
    }
  }

  fovy(): number {
    const f = this.scene.camera.frustum as { fovy?: number };
    return f.fovy ?? CesiumMath.toRadians(60);
  }

  private canvasCentre(): Cartesian2 {
    const c = this.scene.canvas;
    return new Cartesian2(c.clientWidth / 2, c.clientHeight / 2);
  }

  private groundAt(p: Cartesian2): Cartographic | null {
    const hit = this.scene.camera.pickEllipsoid(p);
    return hit ? Cartographic.fromCartesian(hit) : null;
  }

  /**
   * A click at page coordinates: the canvas may sit in a CSS-scaled design canvas (a 4K wall
   * shows the 1080p layout ×2), so page pixels are brought back to the canvas's own pixels.
   */
  pickAt(clientX: number, clientY: number): PickResult {
    const canvas = this.scene.canvas;
    const rect = canvas.getBoundingClientRect();
    const p = new Cartesian2(((clientX - rect.left) * canvas.clientWidth) / rect.width, ((clientY - rect.top) * canvas.clientHeight) / rect.height);
    const picked = this.scene.pick(p, 9, 9) as { id?: unknown } | undefined;
    const id = picked?.id as Partial<PickTag> | undefined;
    const tag = id && typeof id.id === 'string' && (id.kind === 'event' || id.kind === 'camera' || id.kind === 'worker' || id.kind === 'device') ? (id as PickTag) : null;
    const ground = this.groundAt(p);
    return { tag, lon: ground ? CesiumMath.toDegrees(ground.longitude) : null, lat: ground ? CesiumMath.toDegrees(ground.latitude) : null };
  }

  /** Where a ground point is drawn, in page coordinates (null behind the globe or off the canvas). */
  project(lon: number, lat: number, heightM = 6): { x: number; y: number } | null {
    const w = SceneTransforms.worldToWindowCoordinates(this.scene, Cartesian3.fromDegrees(lon, lat, heightM));
    if (!w) return null;
    const canvas = this.scene.canvas;
    const rect = canvas.getBoundingClientRect();
    if (w.x < 0 || w.y < 0 || w.x > canvas.clientWidth || w.y > canvas.clientHeight) return null;
    return { x: rect.left + (w.x * rect.width) / canvas.clientWidth, y: rect.top + (w.y * rect.height) / canvas.clientHeight };
  }

  /** The camera as deck.gl needs it (view-sync.ts). */
  cameraPose(): CameraPose | null {
    const centre = this.groundAt(this.canvasCentre());
    if (!centre) return null;
    const cam = this.scene.camera;
    const target = Cartesian3.fromRadians(centre.longitude, centre.latitude, 0);
    // Heading and pitch of the view as seen at the ground point, not at the camera: deck.gl
    // places its camera in the target's tangent plane, and the camera's own local frame is tilted
    // from it by the arc between them (about 0.5° at city range, 6 px on a 600 px canvas).
    const toLocal = Matrix4.inverseTransformation(Transforms.eastNorthUpToFixedFrame(target), new Matrix4());
    const toTarget = Cartesian3.normalize(Cartesian3.subtract(target, cam.positionWC, new Cartesian3()), new Cartesian3());
    const local = Matrix4.multiplyByPointAsVector(toLocal, toTarget, new Cartesian3());
    // looking (nearly) straight down the view has no horizontal direction: the screen's up does
    const facing = Math.hypot(local.x, local.y) > 0.02 ? local : Matrix4.multiplyByPointAsVector(toLocal, cam.upWC, new Cartesian3());
    return {
      lon: CesiumMath.toDegrees(centre.longitude),
      lat: CesiumMath.toDegrees(centre.latitude),
      distanceM: Cartesian3.distance(cam.positionWC, target),
      heading: Math.atan2(facing.x, facing.y),
      pitch: Math.asin(Math.max(-1, Math.min(1, local.z))),
      fovy: this.fovy(),
      heightPx: this.scene.canvas.clientHeight,
    };
  }

  /** Where the camera is (WGS84 degrees, metres above the ellipsoid) and where it looks (degrees): what a conference presenter shares. */
  cameraState(): SharedCamera {
    const cam = this.scene.camera;
    const at = Cartographic.fromCartesian(cam.positionWC);
    const deg = (r: number) => CesiumMath.toDegrees(r);
    return {
      lon: deg(at.longitude),
      lat: deg(at.latitude),
      height: at.height,
      heading: deg(CesiumMath.zeroToTwoPi(cam.heading)),
      pitch: deg(cam.pitch),
      roll: deg(CesiumMath.negativePiToPi(cam.roll)),
    };
  }

  /** Puts the camera exactly where a shared state says (a follower mirroring the presenter), or flies there. */
  setCameraState(c: SharedCamera, duration = 0): void {
    const cam = this.scene.camera;
    cam.cancelFlight();
    cam.lookAtTransform(Matrix4.IDENTITY);
    const destination = Cartesian3.fromDegrees(c.lon, c.lat, c.height);
    const orientation = { heading: CesiumMath.toRadians(c.heading), pitch: CesiumMath.toRadians(c.pitch), roll: CesiumMath.toRadians(c.roll) };
    if (duration > 0) cam.flyTo({ destination, orientation, duration });
    else cam.setView({ destination, orientation });
    this.requestRender();
  }

  destroy(): void {
    this.renderListeners.clear();
    if (!this.widget.isDestroyed()) this.widget.destroy();
  }
}

export { extentOf };
