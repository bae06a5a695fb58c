import { locationCheckHandler } from "@/lib/server/api/location-check";

export const GET = locationCheckHandler;
